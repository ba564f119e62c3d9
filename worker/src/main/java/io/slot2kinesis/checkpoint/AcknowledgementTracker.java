package io.slot2kinesis.checkpoint;

import java.util.ArrayDeque;
import java.util.BitSet;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Decides which LSN may be flushed to PostgreSQL: the end LSN of the latest transaction whose records,
 * and every record before them, Kinesis has accepted.
 *
 * <p>Records are numbered in the order they were read (0, 1, 2, ...). Kinesis accepts them out of order (different
 * keys travel in different requests), so acceptance is kept as a bit set from the lowest unaccepted number on, and the
 * flushable position moves only when that frontier passes a transaction's last record. Thread-safe: records are
 * numbered by the reading thread and accepted by the publishing threads.
 */
public final class AcknowledgementTracker {
    private record CommitMark(long recordsBefore, LogSequenceNumber endLsn) {}

    private final ArrayDeque<CommitMark> commits = new ArrayDeque<>();
    private static final int COMPACT_AFTER = 1 << 20;

    /** Bit {@code i} is record {@code base + i}; bits below the frontier are stale and dropped by {@link #compact()}. */
    private final BitSet accepted = new BitSet();
    private long base;
    private long nextRecord;
    private long acceptedCount;
    private long frontier;
    private LogSequenceNumber flushable;
    private long oldestPendingSince = -1;

    public AcknowledgementTracker(LogSequenceNumber start) {
        this.flushable = start;
    }

    /** Numbers the next record read from the slot. */
    public synchronized long nextRecord(long nowMillis) {
        if (nextRecord == frontier) {
            oldestPendingSince = nowMillis;
        }
        return nextRecord++;
    }

    /** A transaction ended after every record numbered so far; once they are all accepted, {@code endLsn} may be flushed. */
    public synchronized void commit(LogSequenceNumber endLsn) {
        CommitMark last = commits.peekLast();
        if (last != null && last.recordsBefore() == nextRecord) {
            // No record since the previous mark, so both become flushable at the same moment and only the later LSN
            // matters. Keeps one mark per pending record at most: a long outage with busy unselected tables (one
            // empty commit each) would otherwise grow this queue without bound.
            commits.pollLast();
            if (last.endLsn().asLong() > endLsn.asLong()) {
                // A transaction read again after a reconnect: never move a mark backwards.
                endLsn = last.endLsn();
            }
        }
        commits.addLast(new CommitMark(nextRecord, endLsn));
        advance();
    }

    /** Commit marks waiting for their records (at most one per pending record, plus one). */
    synchronized int commitMarks() {
        return commits.size();
    }

    /** Kinesis accepted the record. */
    public synchronized void accepted(long record, long nowMillis) {
        if (record < frontier || record >= nextRecord) {
            throw new IllegalArgumentException("record " + record + " was not pending (pending: " + frontier
                    + " to " + (nextRecord - 1) + ")");
        }
        int bit = Math.toIntExact(record - base);
        if (accepted.get(bit)) {
            throw new IllegalArgumentException("record " + record + " was accepted twice");
        }
        accepted.set(bit);
        acceptedCount++;
        if (record == frontier) {
            frontier = base + accepted.nextClearBit(Math.toIntExact(frontier - base));
            oldestPendingSince = frontier == nextRecord ? -1 : nowMillis;
            advance();
            if (frontier - base > COMPACT_AFTER) {
                compact();
            }
        }
    }

    /**
     * Nothing is pending and no transaction is open, and the server reports it has sent everything up to {@code lsn}:
     * changes there were not ours (other databases, unselected tables), so the slot may move past them.
     */
    public synchronized void idleAt(LogSequenceNumber lsn) {
        if (frontier == nextRecord && commits.isEmpty() && lsn.asLong() > flushable.asLong()) {
            flushable = lsn;
        }
    }

    /** The LSN that may be reported as flushed. */
    public synchronized LogSequenceNumber flushable() {
        return flushable;
    }

    /** Records read but not yet accepted. */
    public synchronized long pending() {
        return nextRecord - acceptedCount;
    }

    /** How long the oldest unaccepted record has waited, in ms; 0 when none. */
    public synchronized long oldestPendingAgeMillis(long nowMillis) {
        return oldestPendingSince < 0 || frontier == nextRecord ? 0 : nowMillis - oldestPendingSince;
    }

    private void advance() {
        while (!commits.isEmpty() && commits.peekFirst().recordsBefore() <= frontier) {
            LogSequenceNumber end = commits.pollFirst().endLsn();
            if (end.asLong() > flushable.asLong()) {
                flushable = end;
            }
        }
    }

    private void compact() {
        BitSet rest = accepted.get(Math.toIntExact(frontier - base), Math.max(accepted.length(),
                Math.toIntExact(frontier - base)));
        accepted.clear();
        accepted.or(rest);
        base = frontier;
    }
}
