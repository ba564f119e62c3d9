package io.slot2kinesis.cli;

import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.kinesis.KinesisClients;
import io.slot2kinesis.pipeline.Wiring;
import io.slot2kinesis.pipeline.StopSignal;
import io.slot2kinesis.pipeline.Streamer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** {@code run}: stream until SIGTERM or Ctrl-C, then deliver what is in flight, acknowledge it and exit 0. */
final class RunCommand {
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);

    private RunCommand() {}

    /** {@code options}: the settings given on the command line, by name. */
    static int run(Map<String, String> options) throws InterruptedException {
        try (EarlyKinesisClient early = EarlyKinesisClient.start(System.getenv(), options, KinesisClients::create)) {
            return run(WorkerConfig.load(System.getenv(), options), early);
        }
    }

    private static int run(WorkerConfig config, EarlyKinesisClient early) throws InterruptedException {
        Wiring wiring = Wiring.from(config);
        StopSignal stop = new StopSignal();
        CountDownLatch finished = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger(1);
        Thread hook = new Thread(() -> {
            stop.stop();
            try {
                // The streamer bounds its own stop by S2K_SHUTDOWN_TIMEOUT; this is the backstop should anything still
                // block, so the process ends before the orchestrator's kill and reports the failure.
                if (!finished.await(config.shutdownTimeout().plus(SHUTDOWN_GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.println("the worker did not stop within S2K_SHUTDOWN_TIMEOUT=" + config.shutdownTimeout()
                            + " plus " + SHUTDOWN_GRACE.toSeconds() + " s; exiting anyway: changes not acknowledged "
                            + "are read again on the next start");
                    exitCode.set(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // A JVM ended by a signal exits 128+signal unless halted with the code: a clean stop is exit 0.
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(exitCode.get());
        }, "shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        // The first PostgreSQL session opens while the client is still being built (Streamer.run).
        CompletableFuture<KinesisClient> kinesis = early.client(config.kinesis());
        try {
            new Streamer(config, kinesis, wiring.selection(), wiring.format()).run(stop);
            exitCode.set(0);
            return 0;
        } finally {
            kinesis.thenAccept(KinesisClient::close);
            finished.countDown();
        }
    }
}
