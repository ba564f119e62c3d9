package io.slot2kinesis.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.kinesis.KeyedBacklog.Waiting;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class KeyedBacklogTest {
    private final KeyedBacklog backlog = new KeyedBacklog();

    private void add(long number, String key) {
        backlog.add(new OutgoingRecord(number, key, new byte[] {1}, key + "#" + number));
    }

    private static List<Long> numbers(List<Waiting> batch) {
        return batch.stream().map(item -> item.record.number()).toList();
    }

    @Test
    void takesTheOldestReadyRecordFirstWhetherItsKeyIsNewOrReadyAgain() {
        add(0, "a");
        add(1, "b");
        add(2, "a");
        add(3, "c");
        List<Waiting> first = backlog.take(2, Long.MAX_VALUE, 0);
        assertThat(numbers(first)).containsExactly(0L, 1L);

        backlog.accepted(first.get(0));
        add(4, "d");
        assertThat(numbers(backlog.take(10, Long.MAX_VALUE, 0))).containsExactly(2L, 3L, 4L);
        assertThat(backlog.waiting()).isZero();
        assertThat(backlog.inFlight()).isEqualTo(4);
    }

    @Test
    void keepsAFailedRecordBeforeLaterRecordsOfItsKeyAndRetriesItOnlyAfterItsBackoff() {
        add(0, "a");
        add(1, "b");
        List<Waiting> first = backlog.take(10, Long.MAX_VALUE, 0);
        add(2, "a");
        backlog.failed(first.get(0), 100);
        backlog.accepted(first.get(1));
        add(3, "c");

        assertThat(numbers(backlog.take(10, Long.MAX_VALUE, 50))).containsExactly(3L);
        assertThat(backlog.nanosUntilNextRetry(50)).isEqualTo(50);
        List<Waiting> retry = backlog.take(10, Long.MAX_VALUE, 100);
        assertThat(numbers(retry)).containsExactly(0L);
        assertThat(retry.get(0).failures).isEqualTo(1);

        backlog.accepted(retry.get(0));
        assertThat(numbers(backlog.take(10, Long.MAX_VALUE, 100))).containsExactly(2L);
    }

    @Test
    void takesOneRecordPerKeyAndStopsAtTheRequestSizeLimit() {
        add(0, "hot");
        add(1, "hot");
        add(2, "x");
        add(3, "y");
        // Each record counts 1 byte of data plus its key's bytes: "hot" 4, "x" 2, "y" 2.
        assertThat(numbers(backlog.take(10, 6, 0))).containsExactly(0L, 2L);
        assertThat(backlog.waiting()).isEqualTo(2);
    }

    @Test
    void keepsOrderWhenRecordsArriveOutOfNumberOrder() {
        add(5, "a");
        add(3, "b");
        add(4, "c");
        assertThat(numbers(backlog.take(10, Long.MAX_VALUE, 0))).containsExactly(3L, 4L, 5L);
    }

    /**
     * Random adds, takes, acceptances, failures and clock steps against a model written the obvious way: per key a
     * sorted set of waiting numbers, a take hands the ready keys' oldest records oldest first (a key is ready when
     * nothing of it is in flight and its retry time has come), and every record is accepted once, each key's in
     * number order. Seeded, so a failure repeats.
     */
    @Test
    void agreesWithASimpleModelOverRandomOperations() {
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            KeyedBacklog subject = new KeyedBacklog();
            Map<String, TreeSet<Long>> waiting = new HashMap<>();
            Map<String, Long> retryAt = new HashMap<>();
            Map<String, Waiting> inFlight = new HashMap<>();
            Map<String, List<Long>> acceptedPerKey = new HashMap<>();
            long next = 0;
            long now = 0;
            for (int step = 0; step < 400 || !waiting.values().stream().allMatch(TreeSet::isEmpty)
                    || !inFlight.isEmpty(); step++) {
                int action = step < 400 ? random.nextInt(10) : 3 + random.nextInt(7);
                if (action < 3) {
                    String key = "k" + random.nextInt(6);
                    subject.add(new OutgoingRecord(next, key, new byte[] {1}, key + "#" + next));
                    waiting.computeIfAbsent(key, k -> new TreeSet<>()).add(next++);
                } else if (action < 6) {
                    long at = now;
                    int max = 1 + random.nextInt(4);
                    List<Long> expected = waiting.entrySet().stream()
                            .filter(e -> !e.getValue().isEmpty() && !inFlight.containsKey(e.getKey())
                                    && (!retryAt.containsKey(e.getKey()) || retryAt.get(e.getKey()) - at <= 0))
                            .map(e -> e.getValue().first()).sorted().limit(max).toList();
                    List<Waiting> batch = subject.take(max, Long.MAX_VALUE, now);
                    assertThat(numbers(batch)).as("seed %d step %d", seed, step).isEqualTo(expected);
                    for (Waiting item : batch) {
                        String key = item.record.partitionKey();
                        waiting.get(key).remove(item.record.number());
                        inFlight.put(key, item);
                    }
                } else if (action < 9 && !inFlight.isEmpty()) {
                    List<String> keys = new ArrayList<>(inFlight.keySet());
                    keys.sort(Comparator.naturalOrder());
                    String key = keys.get(random.nextInt(keys.size()));
                    Waiting item = inFlight.remove(key);
                    if (random.nextInt(4) == 0) {
                        long notBefore = now + random.nextInt(5);
                        subject.failed(item, notBefore);
                        waiting.get(key).add(item.record.number());
                        retryAt.put(key, notBefore);
                    } else {
                        subject.accepted(item);
                        acceptedPerKey.computeIfAbsent(key, k -> new ArrayList<>()).add(item.record.number());
                    }
                } else {
                    now += random.nextInt(3);
                }
                assertThat(subject.inFlight()).isEqualTo(inFlight.size());
                assertThat(subject.waiting()).isEqualTo(waiting.values().stream().mapToInt(TreeSet::size).sum());
            }
            assertThat(acceptedPerKey.values().stream().mapToInt(List::size).sum()).as("seed %d", seed)
                    .isEqualTo((int) next);
            for (Map.Entry<String, List<Long>> key : acceptedPerKey.entrySet()) {
                assertThat(key.getValue()).as("seed %d key %s", seed, key.getKey()).isSorted();
            }
        }
    }
}
