package io.slot2kinesis.cli;

import java.util.List;

/** The commands of {@code slot2kinesis}, with what the help says of them and the options of their own. */
enum WorkerCommand {
    RUN("run", "Stream the slot's changes to Kinesis until stopped (SIGTERM, Ctrl-C).", List.of()),
    CHECK("check", "Check the database, slot, publication, tables and stream; exit 1 with what to fix.", List.of()),
    BACKFILL("backfill", "Ask the running worker to re-read a table (in primary key chunks, interleaved correctly "
            + "with live changes), or show backfill progress.", List.of(
            Option.value(BackfillCommand.TABLE, "SCHEMA.TABLE", "the table to re-read"),
            Option.value(BackfillCommand.WHERE, "SQL", "only rows matching this SQL condition"),
            Option.flag(BackfillCommand.WAIT, "follow the request until it is done"),
            Option.flag(BackfillCommand.STATUS, "list this slot's backfill requests and their progress")));

    private final String word;
    private final String description;
    private final List<Option> options;

    WorkerCommand(String word, String description, List<Option> options) {
        this.word = word;
        this.description = description;
        this.options = options;
    }

    /** The word that names it on the command line. */
    String word() {
        return word;
    }

    String description() {
        return description;
    }

    /** Its own options, besides the settings every command takes. */
    List<Option> options() {
        return options;
    }

    /** The command named {@code word}, or null. */
    static WorkerCommand named(String word) {
        for (WorkerCommand command : values()) {
            if (command.word.equals(word)) {
                return command;
            }
        }
        return null;
    }
}
