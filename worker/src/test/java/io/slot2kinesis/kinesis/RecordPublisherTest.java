package io.slot2kinesis.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class RecordPublisherTest {
    private final FakeKinesis kinesis = new FakeKinesis();
    private final Set<Long> accepted = ConcurrentHashMap.newKeySet();

    private RecordPublisher publisher(int inFlight, long bufferBytes) {
        return new RecordPublisher(kinesis, new StreamTarget("orders"),
                new RecordPublisher.Options(500, Duration.ofMillis(5), inFlight, bufferBytes,
                        new Backoff(Duration.ofMillis(1), Duration.ofMillis(20))),
                record -> accepted.add(record.number()));
    }

    /** 40 keys, each with 50 numbered changes, interleaved as a real workload would produce them. */
    private Map<String, List<String>> submitInterleaved(RecordPublisher publisher) throws InterruptedException {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        long number = 0;
        for (int change = 0; change < 50; change++) {
            for (int key = 0; key < 40; key++) {
                String partitionKey = "public.orders." + key;
                String data = partitionKey + "#" + change;
                expected.computeIfAbsent(partitionKey, k -> new ArrayList<>()).add(data);
                publisher.submit(new OutgoingRecord(number++, partitionKey, data.getBytes(StandardCharsets.UTF_8),
                        data), () -> {});
            }
        }
        return expected;
    }

    @Test
    void deliversEveryRecordInOrderWhenNothingFails() throws Exception {
        try (RecordPublisher publisher = publisher(4, 64 << 20)) {
            Map<String, List<String>> expected = submitInterleaved(publisher);
            assertThat(publisher.drain(Duration.ofSeconds(30), () -> {})).isTrue();
            assertThat(kinesis.acceptedByKey).isEqualTo(expected);
            assertThat(accepted).hasSize(2000);
        }
    }

    @Test
    void keepsPerKeyOrderWhileHalfTheEntriesAreThrottled() throws Exception {
        kinesis.throttledShare = 0.5;
        try (RecordPublisher publisher = publisher(4, 64 << 20)) {
            Map<String, List<String>> expected = submitInterleaved(publisher);
            assertThat(publisher.drain(Duration.ofSeconds(50), () -> {})).isTrue();
            assertThat(kinesis.acceptedByKey).isEqualTo(expected);
            assertThat(publisher.stats().failures("ProvisionedThroughputExceededException")).isPositive();
            assertThat(accepted).hasSize(2000);
        }
    }

    @Test
    void resendsAWholeRequestThatFailedWithoutLettingLaterRecordsOfItsKeysOvertake() throws Exception {
        kinesis.failEveryNthRequest = 3;
        try (RecordPublisher publisher = publisher(4, 64 << 20)) {
            Map<String, List<String>> expected = submitInterleaved(publisher);
            assertThat(publisher.drain(Duration.ofSeconds(50), () -> {})).isTrue();
            assertThat(kinesis.acceptedByKey).isEqualTo(expected);
            assertThat(publisher.stats().failures("SdkClientException")).isPositive();
        }
    }

    @Test
    void neverPutsTwoRecordsOfOneKeyInOneRequest() throws Exception {
        try (RecordPublisher publisher = publisher(1, 64 << 20)) {
            for (int i = 0; i < 1000; i++) {
                publisher.submit(new OutgoingRecord(i, "hot-key", new byte[] {1}, "test"), () -> {});
            }
            assertThat(publisher.drain(Duration.ofSeconds(30), () -> {})).isTrue();
            assertThat(kinesis.duplicateKeyInRequest).isFalse();
            assertThat(kinesis.acceptedByKey.get("hot-key")).hasSize(1000);
        }
    }

    @Test
    void fillsRequestsWithDistinctKeys() throws Exception {
        try (RecordPublisher publisher = publisher(1, 64 << 20)) {
            for (int i = 0; i < 5000; i++) {
                publisher.submit(new OutgoingRecord(i, "key-" + i, new byte[] {1}, "test"), () -> {});
            }
            assertThat(publisher.drain(Duration.ofSeconds(30), () -> {})).isTrue();
            assertThat(kinesis.requestSizes).contains(500);
        }
    }

    @Test
    void deliversOtherKeysWhileOneKeyHasThirtyThousandQueuedUpdates() throws Exception {
        kinesis.latencyMillis = 1;
        AtomicInteger hotAccepted = new AtomicInteger();
        AtomicInteger othersAccepted = new AtomicInteger();
        int hot = 30_000;
        int others = 1_000;
        try (RecordPublisher publisher = new RecordPublisher(kinesis, new StreamTarget("orders"),
                new RecordPublisher.Options(500, Duration.ofMillis(5), 1, 64 << 20,
                        new Backoff(Duration.ofMillis(1), Duration.ofMillis(20))),
                record -> (record.partitionKey().equals("hot") ? hotAccepted : othersAccepted).incrementAndGet())) {
            long number = 0;
            for (int i = 0; i < hot; i++) {
                publisher.submit(new OutgoingRecord(number++, "hot", ("hot#" + i).getBytes(StandardCharsets.UTF_8),
                        "hot"), () -> {});
            }
            int hotAcceptedBeforeOthers = hotAccepted.get();
            for (int i = 0; i < others; i++) {
                String key = "key-" + (i % 100);
                publisher.submit(new OutgoingRecord(number++, key, (key + "#" + i).getBytes(StandardCharsets.UTF_8),
                        key), () -> {});
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (othersAccepted.get() < others && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            int hotAcceptedMeanwhile = hotAccepted.get() - hotAcceptedBeforeOthers;

            assertThat(othersAccepted.get()).as("other keys' records accepted").isEqualTo(others);
            // Not a timing: the hot key takes one record per request of at least 1 ms, 30 s for all of them, so
            // other keys queued behind its backlog would find it gone. How many went meanwhile depends on the machine.
            assertThat(hot - hotAccepted.get()).as("hot-key records still queued when the others were done (%d"
                    + " accepted meanwhile)", hotAcceptedMeanwhile).isPositive();
        }
        List<String> hotOrder = List.copyOf(kinesis.acceptedByKey.get("hot"));
        for (int i = 0; i < hotOrder.size(); i++) {
            assertThat(hotOrder.get(i)).isEqualTo("hot#" + i);
        }
        assertThat(kinesis.duplicateKeyInRequest).isFalse();
    }

    @Test
    void blocksTheReaderWhenTheBufferIsFullAndKeepsItsSessionAlive() throws Exception {
        kinesis.throttledShare = 1.0;
        int[] keepAlives = {0};
        try (RecordPublisher publisher = publisher(1, 1000)) {
            publisher.submit(new OutgoingRecord(0, "a", new byte[900], "first"), () -> {});
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    publisher.submit(new OutgoingRecord(1, "b", new byte[900], "second"), () -> keepAlives[0]++);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            reader.join(Duration.ofMillis(2500));
            assertThat(reader.isAlive()).as("the second submit waits for buffer space").isTrue();
            assertThat(keepAlives[0]).as("keep-alive calls while waiting").isPositive();
            kinesis.throttledShare = 0;
            reader.join(Duration.ofSeconds(10));
            assertThat(reader.isAlive()).isFalse();
            assertThat(publisher.drain(Duration.ofSeconds(10), () -> {})).isTrue();
        }
    }
}
