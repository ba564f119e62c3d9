package io.slot2kinesis.kclexample;

import io.slot2kinesis.demo.UntilDone;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./dev kcl-example}: the KCL consumer end to end, no AWS account needed. Its own module and jar, so the
 * worker's jar and image carry no KCL, embedded PostgreSQL or emulator.
 */
@Command(name = "slot2kinesis-kcl-example", mixinStandardHelpOptions = true,
        description = "Run an embedded PostgreSQL with a sample table, the kinesis-local emulator, dynalite, the worker"
                + " and the KCL consumer rebuilding the table; show each change the consumer receives and compare"
                + " the rebuilt table with the database (exit 0 when equal).")
public final class KclExampleCommand implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "20", description = "how long the workload writes (default: 20)")
    long seconds;

    @Option(names = "--catch-up", defaultValue = "60",
            description = "seconds to wait after the workload for the consumer to catch up (default: 60)")
    long catchUpSeconds;

    public static void main(String[] args) {
        configureLogging();
        System.exit(new CommandLine(new KclExampleCommand()).execute(args));
    }

    /** Before any logger or SDK client exists: quiet KCL logs, and JSON (not CBOR) to the Kinesis emulator. */
    static void configureLogging() {
        System.setProperty("org.slf4j.simpleLogger.log.software.amazon.kinesis", "error");
        System.setProperty("org.slf4j.simpleLogger.log.com.amazonaws", "error");
        System.setProperty("org.slf4j.simpleLogger.log.io.slot2kinesis", "warn");
        System.setProperty("aws.cborEnabled", "false");
    }

    @Override
    public Integer call() throws Exception {
        // Ctrl-C stops the workload and compares what arrived; PostgreSQL, the emulator and dynalite are removed.
        KclExample.Comparison comparison = UntilDone.run("kcl-example",
                stop -> new KclExample(System.out, Duration.ofSeconds(catchUpSeconds)).run(seconds, stop));
        return comparison.same() ? 0 : 1;
    }
}
