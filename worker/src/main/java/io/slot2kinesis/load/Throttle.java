package io.slot2kinesis.load;

import java.util.concurrent.locks.LockSupport;

/** {@code S2K_LOAD_ROWS_PER_SECOND}: paces reading so a load does not swamp the database or the stream. */
final class Throttle {
    private final int rowsPerSecond;
    private final long startNanos = System.nanoTime();
    private long rows;

    Throttle(int rowsPerSecond) {
        this.rowsPerSecond = rowsPerSecond;
    }

    /** Counts rows read and sleeps while the reader is ahead of the allowed rate. */
    void acquire(int count) throws InterruptedException {
        rows += count;
        if (rowsPerSecond <= 0) {
            return;
        }
        long dueNanos = startNanos + rows * 1_000_000_000L / rowsPerSecond;
        long wait;
        while ((wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                throw new InterruptedException("load throttle interrupted");
            }
        }
    }
}
