package io.slot2kinesis.localstack.kinesis;

import java.util.function.LongSupplier;

/**
 * Kinesis' write limits for one shard: 1,000 records/s and 1 MiB/s. Two token buckets that refill
 * continuously and hold at most one second's worth, so a shard takes a one-second burst and then its
 * steady rate, and a rejected record costs nothing. Not thread-safe: {@link Shard} guards it.
 */
final class ShardThroughputLimiter {

    static final long RECORDS_PER_SECOND = 1_000;
    static final long BYTES_PER_SECOND = 1L << 20;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LongSupplier nanoTime;
    private double recordTokens = RECORDS_PER_SECOND;
    private double byteTokens = BYTES_PER_SECOND;
    private long lastRefillNanos;

    ShardThroughputLimiter(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.lastRefillNanos = nanoTime.getAsLong();
    }

    /** Takes one record of {@code bytes} (data + partition key) if the shard has room for it now. */
    boolean tryAcquire(long bytes) {
        refill();
        if (recordTokens < 1 || byteTokens < bytes) {
            return false;
        }
        recordTokens -= 1;
        byteTokens -= bytes;
        return true;
    }

    private void refill() {
        long now = nanoTime.getAsLong();
        long elapsed = now - lastRefillNanos;
        if (elapsed <= 0) {
            return;
        }
        lastRefillNanos = now;
        double seconds = (double) elapsed / NANOS_PER_SECOND;
        recordTokens = Math.min(RECORDS_PER_SECOND, recordTokens + seconds * RECORDS_PER_SECOND);
        byteTokens = Math.min(BYTES_PER_SECOND, byteTokens + seconds * BYTES_PER_SECOND);
    }
}
