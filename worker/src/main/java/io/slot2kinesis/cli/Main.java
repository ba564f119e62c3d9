package io.slot2kinesis.cli;

/**
 * {@code slot2kinesis run | check | backfill}: what the shipped jar and image run (the demo is its own module). The
 * command line is parsed by hand ({@link Arguments}): a parser library's model of the commands cost a fresh JVM a
 * third of a second of CPU before the first record (docs/performance.md).
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns the exit code (0 success, 1 failure, 2 bad settings or usage). */
    public static int execute(String... args) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (UsageException e) {
            System.err.println("slot2kinesis: " + e.getMessage());
            System.err.println("see: slot2kinesis " + (e.command() == null ? "" : e.command().word() + " ") + "--help");
            return Failures.BAD_SETTINGS;
        }
        if (arguments.version() && !arguments.help()) {
            System.out.println(Version.text());
            return 0;
        }
        if (arguments.help() || arguments.command() == null) {
            System.out.print(Usage.of(arguments.command()));
            return 0;
        }
        try {
            return switch (arguments.command()) {
                case RUN -> RunCommand.run(arguments.settings());
                case CHECK -> CheckCommand.check(arguments.settings());
                case BACKFILL -> BackfillCommand.backfill(arguments);
            };
        } catch (Exception e) {
            return Failures.exitCode(e);
        }
    }
}
