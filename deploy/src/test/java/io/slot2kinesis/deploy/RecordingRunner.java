package io.slot2kinesis.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A {@link ProcessRunner} that runs nothing: records each command and its added environment, answers git. */
final class RecordingRunner implements ProcessRunner {

    record Run(List<String> command, Map<String, String> env, String settings) {
        String line() {
            return String.join(" ", command);
        }
    }

    final List<Run> runs = new ArrayList<>();
    String commit = "0123456789ab";
    String status = "";
    int exitCode = 0;
    /** What {@code cdk deploy --outputs-file} would write. */
    String outputs = "{\"slot2kinesis-dev\":{\"Mode\":\"worker\",\"StreamName\":\"slot2kinesis-dev\"}}";

    @Override
    public int run(List<String> command, Map<String, String> env) {
        String settings = null;
        int gs = command.indexOf("-gs");
        try {
            if (gs >= 0) {
                settings = Files.readString(Path.of(command.get(gs + 1)));
            }
            int out = command.indexOf("--outputs-file");
            if (out >= 0 && exitCode == 0) {
                Files.writeString(Path.of(command.get(out + 1)), outputs);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        runs.add(new Run(List.copyOf(command), Map.copyOf(env), settings));
        return exitCode;
    }

    @Override
    public String output(List<String> command) {
        if (command.equals(List.of("git", "rev-parse", "--short=12", "HEAD"))) {
            return commit;
        }
        if (command.equals(List.of("git", "status", "--porcelain"))) {
            return status;
        }
        throw new IllegalArgumentException("unexpected command " + command);
    }

    List<String> lines() {
        return runs.stream().map(Run::line).toList();
    }
}
