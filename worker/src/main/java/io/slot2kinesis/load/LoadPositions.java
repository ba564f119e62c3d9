package io.slot2kinesis.load;

import io.slot2kinesis.change.Transaction;
import java.time.Instant;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Where load and backfill records sit among the de-duplication pairs (commit LSN, position in the transaction) of
 * the stream, so that none ever shares a pair with a streamed change and the pairs still sort in the order a
 * consumer applies them.
 *
 * <ul>
 *   <li><b>Initial load</b>: (consistent point − 1, row number 1..N over every table of the load). The slot streams
 *       every transaction that commits at or after its consistent point, and one can commit exactly there
 *       (pgoutput.md), so the consistent point itself is taken. The LSN below it is no transaction's: a commit LSN is
 *       where a commit record starts, records start 8-byte aligned, and the consistent point is a record boundary,
 *       so the byte before it is inside the record the snapshot became consistent at. Load records therefore sort
 *       after everything in the snapshot and before every change the slot streams.
 *   <li><b>Backfill</b>: (commit LSN of the chunk's high-watermark transaction, 1..rows). That transaction is the
 *       backfill's own and holds nothing but the watermark message ({@link Backfiller} writes it in autocommit), so
 *       no change is streamed at its commit LSN; every chunk has its own high watermark. The chunk sorts where it was
 *       read: after the changes committed before its high watermark, before those committed after it.
 * </ul>
 */
final class LoadPositions {
    private LoadPositions() {}

    /** The transaction every initial-load record of a slot with this consistent point belongs to (xid 0). */
    static Transaction initialLoad(LogSequenceNumber consistentPoint, Instant readAt) {
        long lsn = consistentPoint.asLong();
        if (lsn <= 0) {
            throw new IllegalArgumentException("a slot's consistent point is a WAL position after the start of WAL, "
                    + "not " + consistentPoint.asString());
        }
        return new Transaction(0, LogSequenceNumber.valueOf(lsn - 1), readAt);
    }
}
