package io.slot2kinesis.kinesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * A hand-written KinesisClient for unit tests of the publisher: keeps what it accepted per partition key, and
 * throttles a share of entries or fails whole requests on demand.
 */
final class FakeKinesis implements KinesisClient {
    final Map<String, List<String>> acceptedByKey = new ConcurrentHashMap<>();
    final List<Integer> requestSizes = java.util.Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger requests = new AtomicInteger();
    volatile double throttledShare;
    volatile int failEveryNthRequest;
    volatile boolean duplicateKeyInRequest;
    /** How long each request takes, as a real endpoint's round trip would. */
    volatile long latencyMillis;
    private final Random random = new Random(42);

    @Override
    public PutRecordsResponse putRecords(PutRecordsRequest request) {
        if (latencyMillis > 0) {
            try {
                Thread.sleep(latencyMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw SdkClientException.create("interrupted");
            }
        }
        int number = requests.incrementAndGet();
        requestSizes.add(request.records().size());
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (PutRecordsRequestEntry entry : request.records()) {
            if (!keys.add(entry.partitionKey())) {
                duplicateKeyInRequest = true;
            }
        }
        if (failEveryNthRequest > 0 && number % failEveryNthRequest == 0) {
            throw SdkClientException.create("simulated timeout of request " + number);
        }
        List<PutRecordsResultEntry> results = new ArrayList<>();
        int failed = 0;
        for (PutRecordsRequestEntry entry : request.records()) {
            boolean throttle;
            synchronized (random) {
                throttle = random.nextDouble() < throttledShare;
            }
            if (throttle) {
                failed++;
                results.add(PutRecordsResultEntry.builder().errorCode("ProvisionedThroughputExceededException")
                        .errorMessage("Rate exceeded for shard shardId-000000000000").build());
            } else {
                acceptedByKey.computeIfAbsent(entry.partitionKey(), k -> java.util.Collections.synchronizedList(
                        new ArrayList<>())).add(entry.data().asUtf8String());
                results.add(PutRecordsResultEntry.builder().shardId("shardId-000000000000")
                        .sequenceNumber(Integer.toString(number)).build());
            }
        }
        return PutRecordsResponse.builder().failedRecordCount(failed).records(results).build();
    }

    @Override
    public String serviceName() {
        return "kinesis";
    }

    @Override
    public void close() {}
}
