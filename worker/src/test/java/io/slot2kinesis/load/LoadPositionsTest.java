package io.slot2kinesis.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slot2kinesis.change.Transaction;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.postgresql.replication.LogSequenceNumber;

class LoadPositionsTest {
    private static final LogSequenceNumber CONSISTENT_POINT = LogSequenceNumber.valueOf("0/14E0820");

    @Test
    void initialLoadSortsBeforeATransactionCommittingExactlyAtTheConsistentPoint() {
        Transaction load = LoadPositions.initialLoad(CONSISTENT_POINT, Instant.EPOCH);

        assertThat(load.commitLsn().asLong()).isLessThan(CONSISTENT_POINT.asLong());
        assertThat(load.commitLsn()).isNotEqualTo(CONSISTENT_POINT);
        assertThat(load.xid()).isZero();
    }

    @Test
    void initialLoadSitsWhereNoCommitRecordCanStart() {
        // A consistent point is a record boundary (8-byte aligned); commit records start 8-byte aligned too.
        LogSequenceNumber position = LoadPositions.initialLoad(CONSISTENT_POINT, Instant.EPOCH).commitLsn();

        assertThat(position.asLong() % 8).isEqualTo(7);
        assertThat(position.asString()).isEqualTo("0/14E081F");
    }

    @Test
    void initialLoadSortsAfterEveryTransactionInTheSnapshot() {
        LogSequenceNumber lastInSnapshot = LogSequenceNumber.valueOf(CONSISTENT_POINT.asLong() - 8);

        assertThat(LoadPositions.initialLoad(CONSISTENT_POINT, Instant.EPOCH).commitLsn().asLong())
                .isGreaterThan(lastInSnapshot.asLong());
    }

    @Test
    void refusesAnInvalidConsistentPoint() {
        assertThatThrownBy(() -> LoadPositions.initialLoad(LogSequenceNumber.INVALID_LSN, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0/0");
    }
}
