package io.slot2kinesis.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.postgresql.replication.LogSequenceNumber;

class AcknowledgementTrackerTest {
    private static final LogSequenceNumber START = LogSequenceNumber.valueOf(1000);
    private final AcknowledgementTracker tracker = new AcknowledgementTracker(START);

    @Test
    void flushesATransactionOnlyWhenAllItsRecordsAreAccepted() {
        long first = tracker.nextRecord(0);
        long second = tracker.nextRecord(0);
        tracker.commit(LogSequenceNumber.valueOf(2000));

        tracker.accepted(second, 0);
        assertThat(tracker.flushable()).isEqualTo(START);

        tracker.accepted(first, 0);
        assertThat(tracker.flushable()).isEqualTo(LogSequenceNumber.valueOf(2000));
    }

    @Test
    void neverFlushesALaterTransactionBeforeAnEarlierOneIsAccepted() {
        long early = tracker.nextRecord(0);
        tracker.commit(LogSequenceNumber.valueOf(2000));
        long late = tracker.nextRecord(0);
        tracker.commit(LogSequenceNumber.valueOf(3000));

        tracker.accepted(late, 0);
        assertThat(tracker.flushable()).isEqualTo(START);

        tracker.accepted(early, 0);
        assertThat(tracker.flushable()).isEqualTo(LogSequenceNumber.valueOf(3000));
    }

    @Test
    void flushesTransactionsWithoutSelectedChangesOnceEverythingBeforeIsAccepted() {
        long record = tracker.nextRecord(0);
        tracker.commit(LogSequenceNumber.valueOf(2000));
        tracker.commit(LogSequenceNumber.valueOf(2500));
        assertThat(tracker.flushable()).isEqualTo(START);

        tracker.accepted(record, 0);
        assertThat(tracker.flushable()).isEqualTo(LogSequenceNumber.valueOf(2500));
    }

    @Test
    void holdsBackACommitWhoseRecordsAreStillPendingEvenIfLaterOnesAreAccepted() {
        long a = tracker.nextRecord(0);
        long b = tracker.nextRecord(0);
        tracker.commit(LogSequenceNumber.valueOf(2000));
        long c = tracker.nextRecord(0);
        tracker.commit(LogSequenceNumber.valueOf(3000));

        tracker.accepted(a, 0);
        tracker.accepted(c, 0);
        assertThat(tracker.flushable()).isEqualTo(START);
        assertThat(tracker.pending()).isEqualTo(1);

        tracker.accepted(b, 0);
        assertThat(tracker.flushable()).isEqualTo(LogSequenceNumber.valueOf(3000));
        assertThat(tracker.pending()).isZero();
    }

    @Test
    void advancesToTheServerPositionOnlyWhenNothingIsPending() {
        long record = tracker.nextRecord(0);
        tracker.idleAt(LogSequenceNumber.valueOf(5000));
        assertThat(tracker.flushable()).isEqualTo(START);

        tracker.commit(LogSequenceNumber.valueOf(2000));
        tracker.idleAt(LogSequenceNumber.valueOf(5000));
        assertThat(tracker.flushable()).isEqualTo(START);

        tracker.accepted(record, 0);
        tracker.idleAt(LogSequenceNumber.valueOf(5000));
        assertThat(tracker.flushable()).isEqualTo(LogSequenceNumber.valueOf(5000));
    }

    @Test
    void neverMovesBackwards() {
        tracker.idleAt(LogSequenceNumber.valueOf(5000));
        tracker.commit(LogSequenceNumber.valueOf(4000));
        tracker.idleAt(LogSequenceNumber.valueOf(4500));
        assertThat(tracker.flushable()).isEqualTo(LogSequenceNumber.valueOf(5000));
    }

    @Test
    void keepsCountingAcrossMillionsOfRecordsAcceptedOutOfOrder() {
        int total = 3_000_000;
        for (int i = 0; i < total; i += 2) {
            long even = tracker.nextRecord(0);
            long odd = tracker.nextRecord(0);
            tracker.accepted(odd, 0);
            tracker.accepted(even, 0);
            if (i % 1000 == 0) {
                tracker.commit(LogSequenceNumber.valueOf(2000 + i));
            }
        }
        assertThat(tracker.pending()).isZero();
        assertThat(tracker.flushable().asLong()).isEqualTo(2000 + 2_999_000);
    }

    @Test
    void keepsOneCommitMarkPerPendingRecordWhileMillionsOfEmptyTransactionsCommitBehindIt() {
        long pending = tracker.nextRecord(0);
        tracker.commit(LogSequenceNumber.valueOf(2000));
        for (int i = 1; i <= 1_000_000; i++) {
            tracker.commit(LogSequenceNumber.valueOf(2000 + i));
        }
        long later = tracker.nextRecord(0);
        tracker.commit(LogSequenceNumber.valueOf(5_000_000));
        for (int i = 1; i <= 1_000_000; i++) {
            tracker.commit(LogSequenceNumber.valueOf(5_000_000 + i));
        }

        assertThat(tracker.commitMarks()).as("marks held while record %s is pending", pending).isEqualTo(2);
        assertThat(tracker.flushable()).isEqualTo(START);

        tracker.accepted(pending, 0);
        assertThat(tracker.flushable()).as("every empty commit after the accepted record, none after the pending one")
                .isEqualTo(LogSequenceNumber.valueOf(2000 + 1_000_000));
        assertThat(tracker.commitMarks()).isEqualTo(1);

        tracker.accepted(later, 0);
        assertThat(tracker.flushable()).isEqualTo(LogSequenceNumber.valueOf(5_000_000 + 1_000_000));
        assertThat(tracker.commitMarks()).isZero();
    }

    @Test
    void rejectsAcceptingARecordTwice() {
        long record = tracker.nextRecord(0);
        tracker.accepted(record, 0);
        assertThatThrownBy(() -> tracker.accepted(record, 0))
                .hasMessage("record 0 was not pending (pending: 1 to 0)");
    }
}
