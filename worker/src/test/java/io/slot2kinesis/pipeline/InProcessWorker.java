package io.slot2kinesis.pipeline;

import io.slot2kinesis.config.WorkerConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The streamer running on a thread of the test JVM until {@link #close()}. A failure the test did not look at with
 * {@link #failure()} fails the close, so no test passes over a worker that died.
 */
public final class InProcessWorker implements AutoCloseable {
    private final StopSignal stop = new StopSignal();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean failureSeen;

    public InProcessWorker(WorkerConfig config, KinesisClient kinesis) {
        Wiring wiring = Wiring.from(config);
        Streamer streamer = new Streamer(config, kinesis, wiring.selection(), wiring.format());
        thread = Thread.ofPlatform().name("worker-under-test").start(() -> {
            try {
                streamer.run(stop);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
    }

    /** What stopped the worker, or null; the test takes responsibility for checking it. */
    public Throwable failure() {
        failureSeen = true;
        return failure.get();
    }

    public boolean isRunning() {
        return thread.isAlive();
    }

    /** Waits for the worker to end by itself (after a failure), at most {@code timeout}. */
    public void awaitEnd(Duration timeout) throws InterruptedException {
        thread.join(timeout);
    }

    @Override
    public void close() throws InterruptedException {
        stop.stop();
        thread.join(Duration.ofSeconds(60));
        if (thread.isAlive()) {
            throw new AssertionError("the worker did not stop within 60 s");
        }
        if (failure.get() != null && !failureSeen) {
            throw new AssertionError("the worker failed", failure.get());
        }
    }
}
