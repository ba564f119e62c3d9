package io.slot2kinesis.demo;

import io.slot2kinesis.pipeline.StopSignal;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a local command until it ends or Ctrl-C. On Ctrl-C the stop signal is set and the JVM waits (up to a minute)
 * for the command to wind down, so that the local servers it started are removed before the JVM ends; the wait is
 * on a latch, not on the main thread, which {@code System.exit} would block.
 */
public final class UntilDone {
    /** The command's body, given the signal Ctrl-C sets. */
    public interface Body<T> {
        T run(StopSignal stop) throws Exception;
    }

    private UntilDone() {}

    public static <T> T run(String name, Body<T> body) throws Exception {
        StopSignal stop = new StopSignal();
        CountDownLatch finished = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.stop();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name + "-shutdown"));
        try {
            return body.run(stop);
        } finally {
            finished.countDown();
        }
    }
}
