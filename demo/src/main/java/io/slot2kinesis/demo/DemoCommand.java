package io.slot2kinesis.demo;

import java.util.concurrent.Callable;
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
        long missing = UntilDone.run("demo", stop -> new Demo(System.out).run(seconds, stop));
        return missing == 0 ? 0 : 1;
    }
}
