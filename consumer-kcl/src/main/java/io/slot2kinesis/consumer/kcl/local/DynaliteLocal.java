package io.slot2kinesis.consumer.kcl.local;

import io.slot2kinesis.localstack.NodeProcess;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * runs and tests only ({@code KclChangeConsumerIT}, {@code ./dev kcl-example}); needs {@code node}, {@code npm ci} and
 * the {@code local-stack} module, an optional dependency of this one.
 */
public final class DynaliteLocal implements AutoCloseable {
    private static final String SCRIPT = "node_modules/dynalite/cli.js";

    private final NodeProcess process;

    private DynaliteLocal(NodeProcess process) {
        this.process = process;
    }

    public static DynaliteLocal start() {
        return NodeProcess.onFreePorts(DynaliteLocal::startOnFreePort);
    }

    private static DynaliteLocal startOnFreePort() {
        Path script = NodeProcess.locate("dynalite", SCRIPT, null);
        int port = NodeProcess.freePort();
        return new DynaliteLocal(NodeProcess.start("dynalite", script, List.of("--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0"), Map.of(), null, port,
                Duration.ofSeconds(30)));
    }

    public URI endpoint() {
        return URI.create("http://localhost:" + process.port());
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

    @Override
    public void close() {
        process.close();
    }
}
