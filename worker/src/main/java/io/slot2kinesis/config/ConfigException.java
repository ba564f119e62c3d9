package io.slot2kinesis.config;

import java.util.List;

/** The settings are wrong; the message lists every problem, one line each, and the program does not start. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
