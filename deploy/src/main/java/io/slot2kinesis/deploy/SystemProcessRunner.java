package io.slot2kinesis.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@link ProcessRunner} with {@link ProcessBuilder}, in one directory. */
public final class SystemProcessRunner implements ProcessRunner {

    private final Path directory;

    public SystemProcessRunner(Path directory) {
        this.directory = directory;
    }

    @Override
    public int run(List<String> command, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).inheritIO();
        builder.environment().putAll(env);
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    @Override
    public String output(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        try {
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = process.waitFor();
            if (code != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + code);
            }
            return out.trim();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }
}
