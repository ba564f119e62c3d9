package io.slot2kinesis.localstack.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;

/**
 * How many records/s FastKinesis takes from one SDK v2 client (CBOR, URL-connection HTTP client) with
 * several PutRecords calls in flight, 500 records of 200 bytes each. It must stay well above the
 * ~50-100k records/s the benchmark pushes, so that the benchmark measures the worker, not the endpoint.
 * Tune with {@code -Dfastkinesis.bench.inFlight=8 -Dfastkinesis.bench.millis=10000}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FastKinesisThroughputIT {

    private static final int IN_FLIGHT = Integer.getInteger("fastkinesis.bench.inFlight", 8);
    private static final long MEASURE_MILLIS = Long.getLong("fastkinesis.bench.millis", 3_000);

    @Test
    void storesEveryRecordOfASustainedLoadFromOneClient() throws Exception {
        try (FastKinesis kinesis = FastKinesis.start(FastKinesisOptions.onPort(0).withRetainLastPerShard(1_000)
                .withStream("bench", 4));
                KinesisClient client = TestClients.kinesis(kinesis.endpoint())) {
            PutRecordsRequest request = request();
            runFor(client, request, 2_000);
            long before = kinesis.recordsStored("bench");
            long start = System.nanoTime();
            long sent = runFor(client, request, MEASURE_MILLIS);
            double seconds = (System.nanoTime() - start) / 1e9;
            double perSecond = sent / seconds;

            System.out.printf("FastKinesis throughput: %,.0f records/s (%,d records in %.1f s, %d in flight,"
                    + " 500 x 200 B per PutRecords, CBOR)%n", perSecond, sent, seconds, IN_FLIGHT);
            // The rate is printed, not asserted: speed is measured by the benchmark, against a baseline of the same run.
            assertThat(kinesis.recordsStored("bench") - before).isEqualTo(sent);
        }
    }

    private static long runFor(KinesisClient client, PutRecordsRequest request, long millis) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder records = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < IN_FLIGHT; i++) {
                workers.add(pool.submit(() -> {
                    while (!stop.get()) {
                        int failed = client.putRecords(request).failedRecordCount();
                        records.add(500 - failed);
                    }
                    return null;
                }));
            }
            Thread.sleep(millis);
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get();
            }
            return records.sum();
        } finally {
            pool.shutdownNow();
        }
    }

    private static PutRecordsRequest request() {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        byte[] payload = new byte[200];
        for (int i = 0; i < 500; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey("order-" + i)
                    .data(SdkBytes.fromByteArray(payload)).build());
        }
        return PutRecordsRequest.builder().streamName("bench").records(entries).build();
    }
}
