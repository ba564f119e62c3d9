package io.slot2kinesis.pipeline;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Asks the streamer to stop (SIGTERM, Ctrl-C, end of the demo), and lets waits end early when it does. */
public final class StopSignal {
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile long stoppedAtNanos;

    public void stop() {
        if (stopped.getCount() > 0) {
            stoppedAtNanos = System.nanoTime();
        }
        stopped.countDown();
    }

    /** What is left of {@code timeout} counted from the stop (all of it before a stop); never negative. */
    public Duration left(Duration timeout) {
        if (!isStopped()) {
            return timeout;
        }
        long left = timeout.toNanos() - (System.nanoTime() - stoppedAtNanos);
        return Duration.ofNanos(Math.max(0, left));
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /** Sleeps for {@code duration} or until stopped; returns true when stopped. */
    public boolean await(Duration duration) throws InterruptedException {
        return stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }
}
