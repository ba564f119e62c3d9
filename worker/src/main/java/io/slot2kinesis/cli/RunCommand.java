package io.slot2kinesis.cli;

import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.pipeline.Wiring;
import io.slot2kinesis.pipeline.StopSignal;
import io.slot2kinesis.pipeline.Streamer;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** {@code run}: stream until SIGTERM or Ctrl-C, then deliver what is in flight, acknowledge it and exit 0. */
@Command(name = "run", description = "Stream the slot's changes to Kinesis until stopped (SIGTERM, Ctrl-C).",
        mixinStandardHelpOptions = true)
final class RunCommand implements Callable<Integer> {
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(2);
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        WorkerConfig config = WorkerConfig.load(System.getenv(), SettingOptions.given(spec));
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
        try (KinesisClient kinesis = wiring.kinesisClient()) {
            new Streamer(config, kinesis, wiring.selection(), wiring.format()).run(stop);
            exitCode.set(0);
            return 0;
        } finally {
            finished.countDown();
        }
    }
}
