package io.slot2kinesis.deploy;

import java.util.List;
import java.util.Map;

/** Runs the external commands of a deploy (git, Maven, cdk): the seam the tests replace. */
public interface ProcessRunner {

    /**
     * Runs {@code command} in the repository root with the terminal's input and output, {@code env} added to the
     * environment (where secrets go: never on a command line, which {@code ps} shows). Returns the exit code.
     */
    int run(List<String> command, Map<String, String> env);

    /** Runs {@code command} and returns its standard output, trimmed; fails on a non-zero exit. */
    String output(List<String> command);
}
