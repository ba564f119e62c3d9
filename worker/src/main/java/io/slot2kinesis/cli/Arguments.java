package io.slot2kinesis.cli;

import io.slot2kinesis.config.Setting;
import io.slot2kinesis.config.Settings;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed command line: {@code [-h|--help] [-V|--version]} alone, or a command followed by its options, each
 * {@code --name=VALUE} or {@code --name VALUE}, or a flag. Every setting is an option of every command, by its
 * environment variable's name ({@code --S2K_SLOT=orders_slot}).
 *
 * @param command null when none was given (the help is shown)
 * @param settings the settings given as options, by name
 * @param options the command's own options by name; a flag given maps to {@code "true"}
 */
record Arguments(WorkerCommand command, boolean help, boolean version, Map<String, String> settings,
        Map<String, String> options) {
    private static final List<String> HELP = List.of("-h", "--help");
    private static final List<String> VERSION = List.of("-V", "--version");

    static Arguments parse(String... args) throws UsageException {
        if (args.length == 0) {
            return new Arguments(null, true, false, Map.of(), Map.of());
        }
        if (args[0].startsWith("-")) {
            boolean help = false;
            boolean version = false;
            for (String arg : args) {
                if (!HELP.contains(arg) && !VERSION.contains(arg)) {
                    throw new UsageException(null, unknown(arg));
                }
                help |= HELP.contains(arg);
                version |= VERSION.contains(arg);
            }
            return new Arguments(null, help, version, Map.of(), Map.of());
        }
        WorkerCommand command = WorkerCommand.named(args[0]);
        if (command == null) {
            throw new UsageException(null, "unknown command '" + args[0] + "': use run, check or backfill");
        }
        return parseOptions(command, Arrays.copyOfRange(args, 1, args.length));
    }

    private static Arguments parseOptions(WorkerCommand command, String[] args) throws UsageException {
        boolean help = false;
        boolean version = false;
        Map<String, String> settings = new HashMap<>();
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (HELP.contains(arg) || VERSION.contains(arg)) {
                help |= HELP.contains(arg);
                version |= VERSION.contains(arg);
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new UsageException(command, "unexpected argument '" + arg + "': options are --NAME=VALUE");
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            Setting<?> setting = setting(name);
            Option option = setting != null ? null : option(command, name);
            if (setting == null && option == null) {
                throw new UsageException(command, unknown(name));
            }
            String value;
            if (option != null && option.isFlag()) {
                if (equals >= 0) {
                    throw new UsageException(command, "option '" + name + "' takes no value");
                }
                value = "true";
            } else if (equals >= 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException(command, "option '" + name + "' needs a value: " + name + "="
                        + (option != null ? option.label() : setting.secret() ? "SECRET" : "VALUE"));
            }
            Map<String, String> into = setting != null ? settings : options;
            String key = setting != null ? setting.name() : name;
            if (into.put(key, value) != null) {
                throw new UsageException(command, "option '" + name + "' is given more than once");
            }
        }
        return new Arguments(command, help, version, Map.copyOf(settings), Map.copyOf(options));
    }

    /** A value of the command's own options, or null when not given. */
    String option(String name) {
        return options.get(name);
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    private static Setting<?> setting(String option) {
        for (Setting<?> setting : Settings.ALL) {
            if (setting.option().equals(option)) {
                return setting;
            }
        }
        return null;
    }

    private static Option option(WorkerCommand command, String name) {
        return command.options().stream().filter(option -> option.name().equals(name)).findFirst().orElse(null);
    }

    /** Names an unknown option without its value, which could be a secret given under a misspelt name. */
    private static String unknown(String arg) {
        int equals = arg.indexOf('=');
        return "unknown option '" + (equals < 0 ? arg : arg.substring(0, equals)) + "'";
    }
}
