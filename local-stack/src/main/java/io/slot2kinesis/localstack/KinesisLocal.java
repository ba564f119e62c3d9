package io.slot2kinesis.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code kinesis-local} emulator (npm, pinned in the repository's {@code package.json}) as a child process on a
 * free local port, speaking plain HTTP. Stopped, with its whole process tree, on {@link #close()}.
 */
public final class KinesisLocal implements AutoCloseable {
    /** Where the emulator's script is, when it is not under a {@code node_modules} folder above the working directory. */
    public static final String SCRIPT_PROPERTY = "s2k.kinesisLocal.script";
    private static final String SCRIPT = "node_modules/kinesis-local/main.js";

    private final NodeProcess process;

    private KinesisLocal(NodeProcess process) {
        this.process = process;
    }

    public static KinesisLocal start() {
        return NodeProcess.onFreePorts(KinesisLocal::startOnFreePorts);
    }

    private static KinesisLocal startOnFreePorts() {
        Path script = locateScript().toAbsolutePath();
        int plainPort = freePort();
        int tlsPort = freePort();
        return new KinesisLocal(NodeProcess.start("kinesis-local", script, List.of(), Map.of(
                "KINESIS_MOCK_PLAIN_PORT", Integer.toString(plainPort),
                "KINESIS_MOCK_TLS_PORT", Integer.toString(tlsPort),
                "CREATE_STREAM_DURATION", "0ms",
                "DELETE_STREAM_DURATION", "0ms",
                "LOG_LEVEL", "WARN",
                // The emulator reads its TLS certificate from a path relative to the working directory.
                "KINESIS_MOCK_CERT_PATH", script.getParent().resolve("server.json").toString()),
                script.getParent(), plainPort, Duration.ofSeconds(60)));
    }

    /** The emulator's HTTP endpoint, for {@code AWS_ENDPOINT_URL_KINESIS}. */
    public URI endpoint() {
        return URI.create("http://localhost:" + process.port());
    }

    public int port() {
        return process.port();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    static Path locateScript() {
        return NodeProcess.locate("kinesis-local", SCRIPT, SCRIPT_PROPERTY);
    }

    static int freePort() {
        return NodeProcess.freePort();
    }

    @Override
    public void close() {
        process.close();
    }
}
