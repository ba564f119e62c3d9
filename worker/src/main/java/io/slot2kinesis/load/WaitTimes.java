package io.slot2kinesis.load;

import java.util.Arrays;

/** The most recent wait times of a backfill, for its percentiles (bounded: the last {@code capacity} waits). */
final class WaitTimes {
    private final long[] nanos;
    private int count;

    WaitTimes(int capacity) {
        this.nanos = new long[capacity];
    }

    void add(long waitNanos) {
        nanos[count % nanos.length] = waitNanos;
        count++;
    }

    /** The {@code percent} percentile (nearest rank) in milliseconds, of the waits kept; 0 when there were none. */
    double percentileMillis(double percent) {
        int kept = Math.min(count, nanos.length);
        if (kept == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(nanos, kept);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percent / 100 * kept);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    /** {@code p50 1.2 ms, p99 3.4 ms, max 9.0 ms over 120 chunk read(s)}. */
    String describe() {
        return String.format("p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d chunk read(s)", percentileMillis(50),
                percentileMillis(99), percentileMillis(100), Math.min(count, nanos.length));
    }
}
