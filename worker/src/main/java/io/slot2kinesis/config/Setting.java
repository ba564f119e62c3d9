package io.slot2kinesis.config;

import java.util.function.Function;

/**
 * One setting: an environment variable and the command-line option of the same name.
 *
 * @param defaultValue the value when neither is given; null when the setting is optional or required
 * @param secret       never printed, not even in error messages
 */
public record Setting<T>(
        String name,
        String defaultValue,
        String description,
        boolean required,
        boolean secret,
        Function<String, T> parser) {

    /** The option spelling on the command line, e.g. {@code --S2K_SLOT}. */
    public String option() {
        return "--" + name;
    }

    /** Parses a raw value; a parser signals a bad value with {@link IllegalArgumentException} saying what is allowed. */
    public T parse(String raw) {
        return parser.apply(raw);
    }
}
