package io.slot2kinesis.demo;

import io.slot2kinesis.pipeline.StopSignal;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./dev demo}: the whole pipeline on this machine, no AWS account needed. Its own module and jar, so the
 * worker's jar and image carry no embedded PostgreSQL or emulator.
 */
@Command(name = "slot2kinesis-demo", mixinStandardHelpOptions = true,
        description = "Run an embedded PostgreSQL, the kinesis-local emulator, a live workload and the worker; "
                + "show the records as they arrive.")
public final class DemoCommand implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "20", description = "how long the workload writes (default: 20)")
    long seconds;

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        StopSignal stop = new StopSignal();
        CountDownLatch finished = new CountDownLatch(1);
        // Ctrl-C stops the workload, lets the worker deliver what is in flight, and removes PostgreSQL and the
        // emulator before the JVM ends; waiting on a latch, not the main thread, which System.exit would block.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.stop();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "demo-shutdown"));
        long missing;
        try {
            missing = new Demo(System.out).run(seconds, stop);
        } finally {
            finished.countDown();
        }
        return missing == 0 ? 0 : 1;
    }
}
