package io.slot2kinesis.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The {@code kinesis-local} emulator (npm, pinned in the repository's {@code package.json}) as a child process on a
 * free local port, speaking plain HTTP. Stopped, with its whole process tree, on {@link #close()}.
 */
public final class KinesisLocal implements AutoCloseable {
    /** Where the emulator's script is, when it is not under a {@code node_modules} folder above the working directory. */
    public static final String SCRIPT_PROPERTY = "s2k.kinesisLocal.script";
    private static final String SCRIPT = "node_modules/kinesis-local/main.js";

    private final Process process;
    private final int port;
    private final Path log;

    private KinesisLocal(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static KinesisLocal start() {
        Path script = locateScript().toAbsolutePath();
        int plainPort = freePort();
        int tlsPort = freePort();
        try {
            Path log = Files.createTempFile("s2k-kinesis-local-", ".log");
            ProcessBuilder builder = new ProcessBuilder("node", script.toString())
                    .directory(script.getParent().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plainPort));
            builder.environment().put("KINESIS_MOCK_TLS_PORT", Integer.toString(tlsPort));
            builder.environment().put("CREATE_STREAM_DURATION", "0ms");
            builder.environment().put("DELETE_STREAM_DURATION", "0ms");
            builder.environment().put("LOG_LEVEL", "WARN");
            // The emulator reads its TLS certificate from a path relative to the working directory.
            builder.environment().put("KINESIS_MOCK_CERT_PATH", script.getParent().resolve("server.json").toString());
            Process process = builder.start();
            KinesisLocal emulator = new KinesisLocal(process, plainPort, log);
            emulator.awaitListening(Duration.ofSeconds(60));
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start kinesis-local with node: " + e.getMessage()
                    + " (is Node.js installed and on the PATH?)", e);
        }
    }

    /** The emulator's HTTP endpoint, for {@code AWS_ENDPOINT_URL_KINESIS}. */
    public URI endpoint() {
        return URI.create("http://localhost:" + port);
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private void awaitListening(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kinesis-local exited at start with code " + process.exitValue()
                        + "; its output is in " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(Duration.ofMillis(100));
            }
        }
        close();
        throw new IllegalStateException("kinesis-local did not listen on port " + port + " within " + timeout
                + "; its output is in " + log);
    }

    static Path locateScript() {
        String configured = System.getProperty(SCRIPT_PROPERTY);
        if (configured != null) {
            Path script = Path.of(configured);
            if (!Files.isRegularFile(script)) {
                throw new IllegalStateException(SCRIPT_PROPERTY + " '" + configured + "' is not a file");
            }
            return script;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve(SCRIPT);
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException("kinesis-local is not installed: run 'npm ci' in the repository root "
                + "(looked for " + SCRIPT + " above " + Path.of("").toAbsolutePath() + ")");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for kinesis-local", e);
        }
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
