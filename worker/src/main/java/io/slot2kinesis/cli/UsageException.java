package io.slot2kinesis.cli;

/** The command line does not parse: an unknown command or option, or an option without its value. */
final class UsageException extends Exception {
    private final WorkerCommand command;

    UsageException(WorkerCommand command, String message) {
        super(message);
        this.command = command;
    }

    /** The command whose help to point at; null for the top level. */
    WorkerCommand command() {
        return command;
    }
}
