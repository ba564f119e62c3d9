package io.slot2kinesis.consumer;

import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drops what a consumer has already seen, and row changes a later truncate has already erased, in bounded
 * memory. Three checks, cheapest first:
 *
 * <ol>
 *   <li><b>Redelivery</b> (the same Kinesis record again: a Lambda retry, a KCL worker resuming from its last
 *       checkpoint): sequence numbers only grow within a shard, so one high-water mark per shard is exact.
 *   <li><b>Duplicate change</b> (the same change in a new record: the worker restarted and replayed from the
 *       slot's acknowledged position, or a producer retried a put that had in fact succeeded): positions only
 *       grow per partition key, since both modes keep each key's records in order (the worker never has two
 *       records of a key in flight; DMS applies in commit order). So a change whose position is not above its
 *       key's high-water mark is a duplicate. Positions of different keys are not comparable this way: the
 *       worker may deliver a later change of one key before an earlier change of another, so a per-shard mark
 *       would drop new changes. The marks are kept for the {@code maxKeys} most recently seen keys; an older
 *       key's mark is forgotten, and a duplicate of it passes. That is safe for a consumer that keeps state:
 *       a replay sends every change of a key from the replay point on, in order, so the row passes through
 *       older values again and ends at the newest. Size {@code maxKeys} to the keys changed in the minutes
 *       before a restart to avoid even that.
 *   <li><b>Before a truncate</b>: a truncate record is keyed by its table and row records by their row, so
 *       they travel on different shards and a row change from before the truncate can arrive after it. A row
 *       change (load included) whose position is below the table's last truncate is dropped: the truncate has
 *       erased it. One mark per table.
 * </ol>
 *
 * Records without a position (DMS full-load rows) pass the last two checks. Load records are never taken for
 * duplicate changes and do not move a key's mark: a reload re-sends rows that have not changed, and both
 * modes send a load row only when no newer change of it precedes it.
 *
 * <p>Call {@link #check} before handing a change over and {@link #accepted} after it was handled, so a change
 * whose handler failed is not taken for a duplicate when it comes again. Thread-safe: share one filter among
 * the shards of a stream, so truncates on one shard fence rows read from another.
 */
public final class DuplicateFilter {
    /** What {@link #check} found. */
    public enum Verdict {
        NEW,
        /** A Kinesis record at or below its shard's high-water mark. */
        REDELIVERED,
        /** A change at or below its key's high-water mark. */
        DUPLICATE,
        /** A row change from before a truncate of its table that has been handled. */
        BEFORE_TRUNCATE
    }

    public static final int DEFAULT_MAX_KEYS = 100_000;

    private final Map<String, BigInteger> shards = new HashMap<>();
    private final Map<String, Position> truncates = new HashMap<>();
    private final LinkedHashMap<String, Position> keys;

    public DuplicateFilter() {
        this(DEFAULT_MAX_KEYS);
    }

    /** @param maxKeys how many partition keys' high-water marks to keep, at roughly 150 bytes each */
    public DuplicateFilter(int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys " + maxKeys + " must be at least 1");
        }
        keys = new LinkedHashMap<>(Math.min(maxKeys, 1024), 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Position> eldest) {
                return size() > maxKeys;
            }
        };
    }

    public synchronized Verdict check(StreamRecord record, Change change) {
        if (record.shardId() != null && record.sequenceNumber() != null) {
            BigInteger mark = shards.get(record.shardId());
            if (mark != null && new BigInteger(record.sequenceNumber()).compareTo(mark) <= 0) {
                return Verdict.REDELIVERED;
            }
        }
        Position position = change.position();
        if (position == null) {
            return Verdict.NEW;
        }
        if (change.operation().isRow()) {
            Position truncate = truncates.get(change.qualifiedTable());
            if (truncate != null && position.compareTo(truncate) < 0) {
                return Verdict.BEFORE_TRUNCATE;
            }
        }
        if (change.operation() != Operation.LOAD) {
            Position mark = keys.get(change.partitionKey());
            if (mark != null && position.compareTo(mark) <= 0) {
                return Verdict.DUPLICATE;
            }
        }
        return Verdict.NEW;
    }

    /** Records that the change was handled (or deliberately dropped): its record and position are now seen. */
    public synchronized void accepted(StreamRecord record, Change change) {
        if (record.shardId() != null && record.sequenceNumber() != null) {
            shards.merge(record.shardId(), new BigInteger(record.sequenceNumber()), BigInteger::max);
        }
        Position position = change.position();
        if (position == null) {
            return;
        }
        if (change.operation() != Operation.LOAD) {
            keys.merge(change.partitionKey(), position, DuplicateFilter::later);
        }
        if (change.operation() == Operation.TRUNCATE) {
            truncates.merge(change.qualifiedTable(), position, DuplicateFilter::later);
        }
    }

    /** How many partition keys have a high-water mark now. */
    public synchronized int keysTracked() {
        return keys.size();
    }

    private static Position later(Position a, Position b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
