package io.slot2kinesis.cli;

import io.slot2kinesis.demo.Demo;
import io.slot2kinesis.pipeline.StopSignal;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: the whole pipeline on this machine, no AWS account needed. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run an embedded PostgreSQL, the kinesis-local emulator, a live workload and the worker; "
                + "show the records as they arrive.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "20", description = "how long the workload writes (default: 20)")
    long seconds;

    @Override
    public Integer call() throws Exception {
        StopSignal stop = new StopSignal();
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            stop.stop();
            try {
                main.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        long missing = new Demo(System.out).run(seconds, stop);
        return missing == 0 ? 0 : 1;
    }
}
