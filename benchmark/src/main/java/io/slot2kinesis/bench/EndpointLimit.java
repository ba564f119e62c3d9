package io.slot2kinesis.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * The Kinesis side's limit: a bare SDK v2 PutRecords loop (500 records a call, as many calls in flight as the worker
 * allows, the worker's HTTP client) with records the size of the worker's and keys like its.
 */
final class EndpointLimit {
    private static final int BATCH = 500;

    private EndpointLimit() {}

    static KinesisClient client(URI endpoint) {
        return KinesisClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** Puts {@code records} records of {@code recordBytes} bytes into {@code stream}; returns the seconds it took. */
    static double run(URI endpoint, String stream, long records, int recordBytes, int inFlight, Progress progress)
            throws Exception {
        byte[] payload = new byte[recordBytes];
        Arrays.fill(payload, (byte) 'x');
        SdkBytes data = SdkBytes.fromByteArrayUnsafe(payload);
        AtomicLong next = new AtomicLong();
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        try (KinesisClient kinesis = client(endpoint);
                ExecutorService threads = Executors.newFixedThreadPool(inFlight)) {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < inFlight; t++) {
                running.add(threads.submit(() -> {
                    long first;
                    while ((first = next.getAndAdd(BATCH)) < records) {
                        List<PutRecordsRequestEntry> batch = new ArrayList<>(BATCH);
                        for (long id = first; id < Math.min(records, first + BATCH); id++) {
                            batch.add(PutRecordsRequestEntry.builder().data(data)
                                    .partitionKey("public." + BenchDatabase.TABLE + "." + id).build());
                        }
                        put(kinesis, stream, batch);
                        progress.count("endpoint limit", done.addAndGet(batch.size()), records, start);
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void put(KinesisClient kinesis, String stream, List<PutRecordsRequestEntry> batch) {
        List<PutRecordsRequestEntry> pending = batch;
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            List<PutRecordsRequestEntry> sent = pending;
            PutRecordsResponse response = kinesis.putRecords(r -> r.streamName(stream).records(sent));
            if (response.failedRecordCount() == null || response.failedRecordCount() == 0) {
                return;
            }
            if (attempt == 10) {
                throw new IllegalStateException("the endpoint kept failing " + response.failedRecordCount() + " of "
                        + sent.size() + " records of stream " + stream + " after 10 attempts");
            }
            List<PutRecordsRequestEntry> failed = new ArrayList<>();
            List<PutRecordsResultEntry> results = response.records();
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).errorCode() != null) {
                    failed.add(sent.get(i));
                }
            }
            pending = failed;
        }
    }
}
