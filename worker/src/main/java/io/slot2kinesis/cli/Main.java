package io.slot2kinesis.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code slot2kinesis run | check | backfill}: what the shipped jar and image run (the demo is its own module). */
@Command(name = "slot2kinesis", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Streams a PostgreSQL logical replication slot to an Amazon Kinesis data stream.",
        subcommands = {RunCommand.class, CheckCommand.class, BackfillCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns the exit code (0 success, 1 failure, 2 bad settings or usage). */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new Main());
        for (String name : new String[] {"run", "check", "backfill"}) {
            SettingOptions.addTo(commandLine.getSubcommands().get(name).getCommandSpec());
        }
        commandLine.setExecutionExceptionHandler(new Failures());
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
