package io.slot2kinesis.localstack.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordLogTest {

    @Test
    void keepsEveryRecordByDefault() {
        RecordLog log = new RecordLog(0);
        append(log, 1_000);

        assertThat(log.firstPosition()).isZero();
        assertThat(log.read(0, 10_000)).extracting(StoredRecord::position).hasSize(1_000).startsWith(0L, 1L);
    }

    @Test
    void retainsOnlyTheNewestRecordsButKeepsCounting() {
        RecordLog log = new RecordLog(5);
        append(log, 23);

        assertThat(log.nextPosition()).isEqualTo(23);
        assertThat(log.firstPosition()).isEqualTo(18);
        List<StoredRecord> all = log.read(0, 100);
        assertThat(all).extracting(StoredRecord::position).containsExactly(18L, 19L, 20L, 21L, 22L);
        assertThat(all).extracting(StoredRecord::partitionKey).containsExactly("k18", "k19", "k20", "k21", "k22");
    }

    @Test
    void findsTheFirstRecordAtOrAfterATimestamp() {
        RecordLog log = new RecordLog(0);
        append(log, 10);

        assertThat(log.firstPositionAtOrAfter(1_004)).isEqualTo(4);
        assertThat(log.firstPositionAtOrAfter(5_000)).isEqualTo(10);
    }

    private static void append(RecordLog log, int count) {
        for (int i = 0; i < count; i++) {
            log.append(new StoredRecord(log.nextPosition(), new byte[] {(byte) i}, "k" + i, 1_000 + i));
        }
    }
}
