package io.slot2kinesis.pipeline;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Asks the streamer to stop (SIGTERM, Ctrl-C, end of the demo), and lets waits end early when it does. */
public final class StopSignal {
    private final CountDownLatch stopped = new CountDownLatch(1);

    public void stop() {
        stopped.countDown();
    }

    public boolean isStopped() {
        return stopped.getCount() == 0;
    }

    /** Sleeps for {@code duration} or until stopped; returns true when stopped. */
    public boolean await(Duration duration) throws InterruptedException {
        return stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    }
}
