package io.slot2kinesis.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Raw values from the environment and the command line (the command line wins), parsed once. Problems are
 * collected so the user sees all of them at once: {@code S2K_FORMAT 'avro' is not supported: use dms or debezium}.
 */
public final class SettingValues {
    private final Map<String, String> raw;
    private final Map<String, Object> parsed = new HashMap<>();
    private final List<String> problems = new ArrayList<>();

    public SettingValues(Map<String, String> environment, Map<String, String> options) {
        this.raw = new HashMap<>(environment);
        this.raw.putAll(options);
    }

    /** The parsed value, the parsed default, or null when absent (a problem is recorded if it is required). */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        if (parsed.containsKey(setting.name())) {
            return (T) parsed.get(setting.name());
        }
        String value = raw.get(setting.name());
        boolean fromDefault = value == null || value.isEmpty();
        if (fromDefault) {
            value = setting.defaultValue();
        }
        T result = null;
        if (value == null) {
            if (setting.required()) {
                problems.add(setting.name() + " is required: " + setting.description());
            }
        } else {
            try {
                result = setting.parse(value);
            } catch (IllegalArgumentException e) {
                String shown = setting.secret() ? "(hidden)" : "'" + value + "'";
                problems.add(setting.name() + " " + shown + " " + e.getMessage()
                        + (fromDefault ? " (default value)" : ""));
            }
        }
        parsed.put(setting.name(), result);
        return result;
    }

    /** Like {@link #get} but never null, for primitive record fields; a problem is recorded as usual. */
    public <T> T getOr(Setting<T> setting, T whenMissingOrBad) {
        T value = get(setting);
        return value == null ? whenMissingOrBad : value;
    }

    /** A raw value by name, for variables that are read but not declared as settings (e.g. AWS_DEFAULT_REGION). */
    public String raw(String name) {
        String value = raw.get(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** Records a problem that involves several settings. */
    public void problem(String message) {
        problems.add(message);
    }

    /** Throws {@link ConfigException} listing every problem met so far. */
    public void requireValid() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
