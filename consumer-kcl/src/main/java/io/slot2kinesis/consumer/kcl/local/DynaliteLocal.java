package io.slot2kinesis.consumer.kcl.local;

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
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code dynalite} (npm, MIT, pinned in the repository's {@code package.json}): an in-memory DynamoDB API server, as
 * a child process on a free port. AWS's DynamoDB Local is not used: its licence is the vendor's own terms. For local
 * runs and tests only ({@code KclChangeConsumerIT}, {@code ./dev kcl-example}); needs {@code node} and {@code npm ci}.
 */
public final class DynaliteLocal implements AutoCloseable {
    private static final String SCRIPT = "node_modules/dynalite/cli.js";

    private final Process process;
    private final int port;

    private DynaliteLocal(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static DynaliteLocal start() {
        Path script = locate();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
        try {
            Path log = Files.createTempFile("s2k-dynalite-", ".log");
            Process process = new ProcessBuilder("node", script.toString(), "--port", Integer.toString(port),
                    "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            DynaliteLocal dynalite = new DynaliteLocal(process, port);
            dynalite.awaitListening(Duration.ofSeconds(30), log);
            return dynalite;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start dynalite with node: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + port);
    }

    /**
     * The KCL creates its lease table, then adds the index {@code LeaseOwnerToLeaseKeyIndex} with UpdateTable, which
     * dynalite does not implement (it only updates an index's throughput): create both at once, as the KCL would
     * leave them. Call before starting the KCL application {@code applicationName}.
     */
    public static void createLeaseTable(DynamoDbAsyncClient dynamo, String applicationName) throws Exception {
        ProvisionedThroughput throughput = ProvisionedThroughput.builder().readCapacityUnits(10L)
                .writeCapacityUnits(10L).build();
        dynamo.createTable(b -> b.tableName(applicationName)
                .attributeDefinitions(attribute("leaseKey"), attribute("leaseOwner"))
                .keySchema(key("leaseKey", KeyType.HASH))
                .provisionedThroughput(throughput)
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("LeaseOwnerToLeaseKeyIndex")
                        .keySchema(key("leaseOwner", KeyType.HASH), key("leaseKey", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build())
                        .provisionedThroughput(throughput).build())).get();
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private void awaitListening(Duration timeout, Path log) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("dynalite exited at start with code " + process.exitValue()
                        + "; its output is in " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for dynalite", e);
                }
            }
        }
        close();
        throw new IllegalStateException("dynalite did not listen on port " + port + " within " + timeout
                + "; its output is in " + log);
    }

    private static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve(SCRIPT);
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        throw new IllegalStateException("dynalite is not installed: run 'npm ci' in the repository root (looked for "
                + SCRIPT + " above " + Path.of("").toAbsolutePath() + ")");
    }

    @Override
    public void close() {
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
