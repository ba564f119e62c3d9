package io.slot2kinesis.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Node.js server from the repository's {@code node_modules} (pinned in {@code package.json}) as a child process:
 * its output goes to a log file, {@link #start} returns once it listens on its port, {@link #close()} stops it with
 * its whole process tree. Shared by the local emulators (kinesis-local, s3rver, dynalite).
 */
public final class NodeProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private NodeProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Runs {@code node script args...} and waits until it listens on {@code port}.
     *
     * @param name        the package's name, for messages and the log file's name
     * @param environment added to this process's environment
     * @param directory   the working directory, or null for this process's
     */
    public static NodeProcess start(String name, Path script, List<String> args, Map<String, String> environment,
            Path directory, int port, Duration timeout) {
        List<String> command = new ArrayList<>(List.of("node", script.toAbsolutePath().toString()));
        command.addAll(args);
        try {
            Path log = Files.createTempFile("s2k-" + name + "-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            if (directory != null) {
                builder.directory(directory.toFile());
            }
            builder.environment().putAll(environment);
            NodeProcess started = new NodeProcess(name, builder.start(), port, log);
            started.awaitListening(timeout);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + " with node: " + e.getMessage()
                    + " (is Node.js installed and on the PATH?)", e);
        }
    }

    /**
     * The script at {@code relativePath} (e.g. {@code node_modules/s3rver/bin/s3rver.js}) in the working directory or
     * the nearest folder above it that has one; or the file named by the system property {@code property}, if set.
     */
    public static Path locate(String name, String relativePath, String property) {
        String configured = property == null ? null : System.getProperty(property);
        if (configured != null) {
            Path script = Path.of(configured);
            if (!Files.isRegularFile(script)) {
                throw new IllegalStateException(property + " '" + configured + "' is not a file");
            }
            return script;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve(relativePath);
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException(name + " is not installed: run 'npm ci' in the repository root (looked for "
                + relativePath + " above " + Path.of("").toAbsolutePath() + ")");
    }

    /**
     * Starts a server on ports picked by {@link #freePort()}, again on new ports if it exits at start: a port found
     * free can be taken by another process (an outgoing connection, another test's server) before the server binds it.
     */
    public static <T> T onFreePorts(java.util.function.Supplier<T> start) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start.get();
            } catch (ExitedAtStartException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    /** The server process ended before it listened (e.g. its port was taken meanwhile). */
    public static final class ExitedAtStartException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        ExitedAtStartException(String message) {
            super(message);
        }
    }

    /** A local port nothing listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The server's output. */
    public Path log() {
        return log;
    }

    private void awaitListening(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new ExitedAtStartException(name + " exited at start with code " + process.exitValue()
                        + " (port " + port + "); its output is in " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new IllegalStateException("interrupted while waiting for " + name, e);
                }
            }
        }
        close();
        throw new IllegalStateException(name + " did not listen on port " + port + " within " + timeout
                + "; its output is in " + log);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
