package io.slot2kinesis.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.kinesis.KeyedBacklog.Waiting;
import java.util.List;
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
}
