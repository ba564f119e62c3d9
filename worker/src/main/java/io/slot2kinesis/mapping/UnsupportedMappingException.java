package io.slot2kinesis.mapping;

import java.util.List;

/** A valid mapping file with rules that worker mode cannot honour; the message has one line per rule. */
public final class UnsupportedMappingException extends TableMappingException {
    private final List<String> problems;

    public UnsupportedMappingException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
