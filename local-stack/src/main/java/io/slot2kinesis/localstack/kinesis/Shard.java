package io.slot2kinesis.localstack.kinesis;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * One shard: its hash key range, its records and its write limiter. Appends and reads lock the shard,
 * which keeps sequence numbers increasing in append order without a stream-wide lock.
 */
final class Shard {

    /** Digits of the position part of a sequence number; fixed width keeps string order = numeric order. */
    private static final int POSITION_DIGITS = 20;

    private final int index;
    private final String shardId;
    private final HashKeyRange hashKeyRange;
    private final String sequencePrefix;
    private final RecordLog log;
    private final ShardThroughputLimiter limiter;

    Shard(int index, HashKeyRange hashKeyRange, long streamCreatedMillis, int retainLast, LongSupplier nanoTime) {
        this.index = index;
        this.shardId = "shardId-%012d".formatted(index);
        this.hashKeyRange = hashKeyRange;
        // Kinesis sequence numbers are opaque 56-digit decimals; ours are "49", the stream's creation
        // time, the shard index and the record's position, so they grow per shard and name their shard.
        this.sequencePrefix = "49%013d%06d".formatted(streamCreatedMillis, index);
        this.log = new RecordLog(retainLast);
        this.limiter = new ShardThroughputLimiter(nanoTime);
    }

    int index() {
        return index;
    }

    String shardId() {
        return shardId;
    }

    HashKeyRange hashKeyRange() {
        return hashKeyRange;
    }

    String startingSequenceNumber() {
        return sequenceNumber(0);
    }

    /**
     * Appends a record, or returns -1 without storing it when {@code enforceLimits} is on and the shard
     * is over its per-second limits.
     *
     * @return the record's position
     */
    synchronized long append(PutEntry entry, long arrivalMillis, boolean enforceLimits) {
        if (enforceLimits && !limiter.tryAcquire(entry.sizeBytes())) {
            return -1;
        }
        long position = log.nextPosition();
        log.append(new StoredRecord(position, entry.data(), entry.partitionKey(), arrivalMillis));
        return position;
    }

    synchronized List<StoredRecord> read(long position, int limit) {
        return log.read(position, limit);
    }

    synchronized long nextPosition() {
        return log.nextPosition();
    }

    synchronized long firstPosition() {
        return log.firstPosition();
    }

    synchronized long firstPositionAtOrAfter(long epochMillis) {
        return log.firstPositionAtOrAfter(epochMillis);
    }

    /** Arrival time of the record at {@code position}, or -1 when it is not (or no longer) held. */
    synchronized long arrivalMillisAt(long position) {
        if (position < log.firstPosition() || position >= log.nextPosition()) {
            return -1;
        }
        return log.get(position).arrivalMillis();
    }

    String sequenceNumber(long position) {
        String digits = Long.toString(position);
        StringBuilder sb = new StringBuilder(sequencePrefix.length() + POSITION_DIGITS).append(sequencePrefix);
        sb.repeat('0', POSITION_DIGITS - digits.length());
        return sb.append(digits).toString();
    }

    /** The position a sequence number of this shard names. */
    long positionOf(String sequenceNumber) {
        if (sequenceNumber == null || sequenceNumber.length() != sequencePrefix.length() + POSITION_DIGITS
                || !sequenceNumber.startsWith(sequencePrefix)) {
            throw KinesisException.invalidArgument("Invalid StartingSequenceNumber. It encodes a different shard"
                    + " or is not a sequence number of " + shardId + ": '" + sequenceNumber + "'");
        }
        try {
            return Long.parseLong(sequenceNumber.substring(sequencePrefix.length()));
        } catch (NumberFormatException e) {
            throw KinesisException.invalidArgument("Invalid StartingSequenceNumber: '" + sequenceNumber + "'");
        }
    }
}
