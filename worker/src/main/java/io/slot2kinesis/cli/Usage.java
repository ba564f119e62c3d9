package io.slot2kinesis.cli;

import io.slot2kinesis.config.Setting;
import io.slot2kinesis.config.Settings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The help of the program or of one command, wrapped to {@value #WIDTH} columns. */
final class Usage {
    private static final int WIDTH = 80;
    private static final String INDENT = "      ";
    private static final String HELP = "  -h, --help       Show this help message and exit.";
    private static final String VERSION = "  -V, --version    Print version information and exit.";

    private Usage() {}

    /** The help of {@code command}, or of the program when null. */
    static String of(WorkerCommand command) {
        return command == null ? program() : command(command);
    }

    private static String program() {
        StringBuilder text = new StringBuilder();
        text.append("Usage: slot2kinesis [-h | -V | COMMAND [OPTIONS]]\n");
        text.append("Streams a PostgreSQL logical replication slot to an Amazon Kinesis data stream.\n");
        text.append(HELP).append('\n').append(VERSION).append('\n');
        text.append("Commands (slot2kinesis COMMAND --help for its options):\n");
        for (WorkerCommand command : WorkerCommand.values()) {
            wrap(text, "  " + String.format("%-10s", command.word()), command.description(), "            ");
        }
        return text.toString();
    }

    private static String command(WorkerCommand command) {
        StringBuilder text = new StringBuilder();
        text.append("Usage: slot2kinesis ").append(command.word()).append(" [OPTIONS]\n");
        wrap(text, "", command.description(), "");
        wrap(text, "", "Every setting is an option of the same name and an environment variable; the option wins.",
                "");
        text.append("Options:\n");
        List<Option> options = new ArrayList<>(command.options());
        for (Setting<?> setting : Settings.ALL) {
            options.add(settingOption(setting));
        }
        options.sort(Comparator.comparing(Option::name));
        for (Option option : options) {
            text.append("  ").append(option.synopsis()).append('\n');
            wrap(text, INDENT, option.description(), INDENT);
        }
        text.append(HELP).append('\n').append(VERSION).append('\n');
        return text.toString();
    }

    /** A setting as an option: {@code --S2K_SLOT=VALUE}, with its default and environment variable. */
    static Option settingOption(Setting<?> setting) {
        String description = setting.description()
                + (setting.defaultValue() == null ? "" : " (default: " + setting.defaultValue() + ")")
                + (setting.required() ? " (required)" : "")
                + "; environment variable " + setting.name();
        return Option.value(setting.option(), setting.secret() ? "SECRET" : "VALUE", description);
    }

    /** Appends {@code first} then {@code words}, broken at spaces, each further line starting with {@code indent}. */
    private static void wrap(StringBuilder text, String first, String words, String indent) {
        StringBuilder line = new StringBuilder(first);
        boolean empty = true;
        for (String word : words.split(" ")) {
            if (!empty && line.length() + 1 + word.length() > WIDTH) {
                text.append(line).append('\n');
                line = new StringBuilder(indent);
                empty = true;
            }
            line.append(empty ? "" : " ").append(word);
            empty = false;
        }
        text.append(line).append('\n');
    }
}
