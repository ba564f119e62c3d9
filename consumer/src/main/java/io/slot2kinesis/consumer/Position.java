package io.slot2kinesis.consumer;

import java.util.Objects;

/**
 * Where a change sits in the database's history: a WAL position and the change's 1-based number in its
 * transaction. The worker gives its transaction's commit LSN ({@code metadata.commit-lsn},
 * {@code source.commit_lsn}); DMS gives the LSN that starts {@code metadata.stream-position}. Both grow with
 * every change of one row: a transaction can only change a row after the previous writer of that row
 * committed, so its WAL comes after that commit. That is what makes a per-key high-water mark a correct
 * duplicate test, and why positions of records with different partition keys must not be compared for it.
 *
 * @param lsn      a PostgreSQL LSN as a 64-bit number ({@code 16/B374D848} is {@code 0x16_B374D848})
 * @param recordId the change's number in its transaction ({@code transaction-record-id}); 0 for a record about
 *                 a whole table
 * @param justBefore true for a worker's schema-change record: it carries the number of the change that follows it
 *                   (the first under the new schema) and sorts after that change's predecessor and before it, so it
 *                   never shares a position with a row change or with a truncate of the same transaction
 */
public record Position(long lsn, long recordId, boolean justBefore) implements Comparable<Position> {

    public Position(long lsn, long recordId) {
        this(lsn, recordId, false);
    }

    /** The position of a schema change that precedes change {@code recordId} of the transaction at {@code lsn}. */
    public static Position justBefore(long lsn, long recordId) {
        return new Position(lsn, recordId, true);
    }

    /** Parses PostgreSQL's {@code X/Y} form (hex, either half up to 8 digits); the input is in the message. */
    public static long parseLsn(String text) {
        Objects.requireNonNull(text, "text");
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || slash > 8 || text.length() - slash - 1 > 8) {
            throw new IllegalArgumentException("'" + text + "' is not an LSN: expected X/Y in hex, like 0/16B3748");
        }
        try {
            long high = Long.parseLong(text, 0, slash, 16);
            long low = Long.parseLong(text, slash + 1, text.length(), 16);
            return high << 32 | low;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an LSN: expected X/Y in hex, like 0/16B3748", e);
        }
    }

    public static Position of(String lsn, long recordId) {
        return new Position(parseLsn(lsn), recordId);
    }

    @Override
    public int compareTo(Position other) {
        int byLsn = Long.compareUnsigned(lsn, other.lsn);
        if (byLsn != 0) {
            return byLsn;
        }
        int byRecord = Long.compare(recordId, other.recordId);
        return byRecord != 0 ? byRecord : Boolean.compare(other.justBefore, justBefore);
    }

    public boolean isAfter(Position other) {
        return compareTo(other) > 0;
    }

    /** {@code 0/16B3748#3}; a schema change just before change 3: {@code 0/16B3748#3-}. */
    @Override
    public String toString() {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase()
                + "#" + recordId + (justBefore ? "-" : "");
    }
}
