package io.slot2kinesis.kclexample;

import com.fasterxml.jackson.databind.JsonNode;
import io.slot2kinesis.consumer.Change;
import io.slot2kinesis.consumer.ChangeFeed;
import io.slot2kinesis.consumer.ChangeParser;
import io.slot2kinesis.consumer.DuplicateFilter;
import io.slot2kinesis.consumer.KeyColumns;
import io.slot2kinesis.consumer.TableRebuild;
import io.slot2kinesis.consumer.kcl.KclChangeConsumer;
import io.slot2kinesis.consumer.kcl.local.DynaliteLocal;
import io.slot2kinesis.demo.LocalWorker;
import io.slot2kinesis.localstack.KinesisLocal;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.pipeline.StopSignal;
import java.io.PrintStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;

/**
 * The KCL consumer end to end on one machine: an embedded PostgreSQL with a sample table and a small workload, the
 * worker streaming it to the kinesis-local emulator, and {@link KclChangeConsumer} (leases in dynalite) feeding a
 * {@link TableRebuild}; prints each change as the consumer receives it, then compares the rebuilt table with the
 * database.
 */
public final class KclExample {
    static final String STREAM = "slot2kinesis-kcl-example";
    static final String APPLICATION = "s2k-kcl-example";
    static final String TABLE = "public.items";
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    /** How the rebuilt table compares with the database. */
    public record Comparison(int databaseRows, int rebuiltRows, int equal, int differing, int missing, int extra) {
        public boolean same() {
            return differing == 0 && missing == 0 && extra == 0;
        }
    }

    private final PrintStream out;
    private final Duration catchUp;

    /** @param catchUp how long to wait, after the workload, for the consumer to reach the database's state */
    public KclExample(PrintStream out, Duration catchUp) {
        this.out = out;
        this.catchUp = catchUp;
    }

    /** Writes for {@code seconds} (or until {@code stop}), then compares; returns the last comparison. */
    public Comparison run(long seconds, StopSignal stop) throws Exception {
        out.println("starting an embedded PostgreSQL, the kinesis-local emulator and dynalite (a local DynamoDB) ...");
        try (LocalPostgres postgres = LocalPostgres.start(); KinesisLocal emulator = KinesisLocal.start();
                DynaliteLocal dynalite = DynaliteLocal.start()) {
            out.println("PostgreSQL on port " + postgres.port() + ", Kinesis emulator at " + emulator.endpoint()
                    + ", dynalite at " + dynalite.endpoint());
            postgres.execute("CREATE TABLE " + TABLE
                    + " (id int PRIMARY KEY, name text NOT NULL, qty int NOT NULL, status text)");
            try (LocalWorker worker = LocalWorker.start(postgres, emulator.endpoint(), STREAM,
                    Map.of("S2K_STATUS_INTERVAL", "60s", "S2K_PROGRESS_INTERVAL", "60s"));
                    // HTTP/1.1: the SDK's default for Kinesis is HTTP/2 (for SubscribeToShard), which kinesis-local lacks.
                    KinesisAsyncClient kclKinesis = client(KinesisAsyncClient.builder().httpClientBuilder(
                            NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1)), emulator.endpoint());
                    DynamoDbAsyncClient dynamo = client(DynamoDbAsyncClient.builder(), dynalite.endpoint());
                    // Metrics are off; CloudWatch is never called.
                    CloudWatchAsyncClient cloudWatch = client(CloudWatchAsyncClient.builder(),
                            URI.create("http://localhost:1"))) {
                KeyColumns keys = new KeyColumns().declare(TABLE, "id");
                TableRebuild rebuild = new TableRebuild(keys);
                AtomicLong received = new AtomicLong();
                ChangeFeed feed = new ChangeFeed(new ChangeParser(keys, "before-image"), new DuplicateFilter(),
                        change -> {
                            synchronized (rebuild) {
                                rebuild.handle(change);
                            }
                            received.incrementAndGet();
                            show(change);
                        });
                DynaliteLocal.createLeaseTable(dynamo, APPLICATION);
                Comparison comparison;
                try (KclChangeConsumer consumer = KclChangeConsumer.start(APPLICATION, STREAM, feed, kclKinesis,
                        dynamo, cloudWatch, new KclChangeConsumer.Timings(Duration.ofMillis(200),
                                Duration.ofSeconds(3), Duration.ofSeconds(1)))) {
                    out.println("writing to " + TABLE + " for " + seconds + " s; each change as the KCL consumer"
                            + " receives it; the KCL's first start (leases, leader election, shard sync) takes some"
                            + " 20 s before the first one (Ctrl-C stops):");
                    long written = new ExampleWorkload(postgres).run(seconds, stop);
                    out.println("workload done: " + written + " rows changed; waiting up to " + catchUp.toSeconds()
                            + " s for the consumer to catch up ...");
                    comparison = awaitSame(postgres, rebuild, stop);
                    out.println();
                    out.println("summary: " + received.get() + " changes received by the KCL consumer; "
                            + comparison.databaseRows() + " rows in the database, " + comparison.rebuiltRows()
                            + " in the rebuilt table: " + comparison.equal() + " rows equal, " + comparison.differing()
                            + " differing, " + comparison.missing() + " missing, " + comparison.extra() + " extra");
                    out.println(comparison.same() ? "the rebuilt table equals the database"
                            : "the rebuilt table DIFFERS from the database");
                }
                return comparison;
            }
        }
    }

    private void show(Change change) {
        Map<String, JsonNode> row = change.row();
        String line = String.format("received %-7s %s key %s %s", change.operation(), change.qualifiedTable(),
                change.key().values().stream().map(TableRebuild::text).toList(), row == null ? "" : row);
        out.println(line.length() > 160 ? line.substring(0, 157) + "..." : line);
    }

    private Comparison awaitSame(LocalPostgres postgres, TableRebuild rebuild, StopSignal stop) throws Exception {
        Instant deadline = Instant.now().plus(catchUp);
        while (true) {
            Comparison comparison = compare(postgres, rebuild);
            if (comparison.same() || stop.isStopped() || Instant.now().isAfter(deadline)) {
                return comparison;
            }
            Thread.sleep(300);
        }
    }

    /** Each column compared as text: the database's {@code getString}, the record's value as {@link TableRebuild#text}. */
    static Comparison compare(LocalPostgres postgres, TableRebuild rebuild) throws SQLException {
        Map<String, Map<String, String>> database = new TreeMap<>();
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, name, qty, status FROM " + TABLE)) {
            while (rows.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (String column : List.of("id", "name", "qty", "status")) {
                    row.put(column, rows.getString(column));
                }
                database.put(row.get("id"), row);
            }
        }
        Map<String, Map<String, String>> rebuilt = new TreeMap<>();
        synchronized (rebuild) {
            rebuild.rows(TABLE).forEach((id, values) -> {
                Map<String, String> row = new LinkedHashMap<>();
                values.forEach((column, value) -> row.put(column,
                        value == null || value.isNull() ? null : TableRebuild.text(value)));
                rebuilt.put(id.get(0), row);
            });
        }
        int equal = 0;
        int differing = 0;
        int missing = 0;
        for (Map.Entry<String, Map<String, String>> row : database.entrySet()) {
            Map<String, String> copy = rebuilt.get(row.getKey());
            if (copy == null) {
                missing++;
            } else if (copy.equals(row.getValue())) {
                equal++;
            } else {
                differing++;
            }
        }
        int extra = (int) rebuilt.keySet().stream().filter(id -> !database.containsKey(id)).count();
        return new Comparison(database.size(), rebuilt.size(), equal, differing, missing, extra);
    }

    private static <B extends AwsClientBuilder<B, C>, C> C client(B builder, URI endpoint) {
        return builder.endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).build();
    }
}
