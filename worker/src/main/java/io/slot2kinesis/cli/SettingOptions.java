package io.slot2kinesis.cli;

import io.slot2kinesis.config.Setting;
import io.slot2kinesis.config.Settings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Adds every setting to a command as an option of the same name ({@code --S2K_SLOT=...}) and reads them back. */
final class SettingOptions {
    private SettingOptions() {}

    static void addTo(CommandSpec command) {
        for (Setting<?> setting : Settings.ALL) {
            String description = setting.description()
                    + (setting.defaultValue() == null ? "" : " (default: " + setting.defaultValue() + ")")
                    + (setting.required() ? " (required)" : "");
            command.addOption(OptionSpec.builder(setting.option())
                    .paramLabel(setting.secret() ? "SECRET" : "VALUE")
                    .description(description + "; environment variable " + setting.name())
                    .type(String.class)
                    .build());
        }
    }

    /** The settings given on the command line, by name. */
    static Map<String, String> given(CommandSpec command) {
        Map<String, String> values = new HashMap<>();
        for (Setting<?> setting : Settings.ALL) {
            OptionSpec option = command.findOption(setting.option());
            if (option != null && option.getValue() != null) {
                values.put(setting.name(), option.getValue());
            }
        }
        return values;
    }
}
