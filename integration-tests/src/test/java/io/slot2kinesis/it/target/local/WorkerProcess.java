package io.slot2kinesis.it.target.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker as a user runs it: {@code java -jar worker-all.jar run}, configured by environment variables, in its own
 * process, its output appended to a log file.
 */
final class WorkerProcess {
    /** System property naming the worker's shaded jar; set by the failsafe configuration. */
    static final String JAR_PROPERTY = "s2k.worker.jar";

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static Path jar() {
        String configured = System.getProperty(JAR_PROPERTY);
        if (configured == null) {
            throw new IllegalStateException("system property " + JAR_PROPERTY + " is not set: run the integration"
                    + " tests through Maven (./mvnw verify), which points it at worker/target/worker-*-all.jar");
        }
        Path jar = Path.of(configured);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the worker jar " + jar.toAbsolutePath() + " does not exist: build it"
                    + " with ./mvnw install -DskipTests (the worker module's package phase shades it)");
        }
        return jar;
    }

    static WorkerProcess start(Path jar, Map<String, String> environment, Path log) {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(List.of(javaCommand, "-Daws.cborEnabled=false", "-Xmx512m",
                "-XX:+UseSerialGC", "-jar", jar.toString(), "run"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("PG") || name.startsWith("S2K_")
                || name.startsWith("AWS_"));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "---- starting worker: " + String.join(" ", builder.command()) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            return new WorkerProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the worker " + builder.command() + ": " + e.getMessage(),
                    e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL: {@link Process#destroyForcibly()} sends SIGKILL on Linux, so the worker gets no chance to clean up. */
    int kill() {
        process.destroyForcibly();
        return waitFor(Duration.ofSeconds(30));
    }

    /** SIGTERM ({@link Process#destroy()} on Linux); the exit code, or -1 if still running after {@code wait}. */
    int terminate(Duration wait) {
        process.destroy();
        return waitFor(wait);
    }

    int waitFor(Duration wait) {
        try {
            return process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    Path log() {
        return log;
    }

    /** The last lines of the log, for a failure message. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
