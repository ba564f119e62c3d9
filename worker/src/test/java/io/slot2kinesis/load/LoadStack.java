package io.slot2kinesis.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.kinesis.KinesisClients;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.StreamReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

/** Settings, a worker runner and a consumer's view of the stream, for tests against a local PostgreSQL and Kinesis. */
final class LoadStack {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();

    private LoadStack() {}

    /** Settings for a fresh slot, publication and stream (named with {@code n}); the publication's table is added later. */
    static Map<String, String> settings(LocalPostgres postgres, URI kinesis, int n) {
        Map<String, String> settings = new HashMap<>();
        settings.put("PGHOST", postgres.host());
        settings.put("PGPORT", Integer.toString(postgres.port()));
        settings.put("PGUSER", LocalPostgres.USER);
        settings.put("PGDATABASE", LocalPostgres.DATABASE);
        settings.put("PGSSLMODE", "disable");
        settings.put("S2K_SLOT", "s2k_load_" + n);
        settings.put("S2K_PUBLICATION", "s2k_load_pub_" + n);
        settings.put("S2K_STREAM", "s2k-load-" + n);
        settings.put("AWS_REGION", "us-east-1");
        settings.put("AWS_ENDPOINT_URL_KINESIS", kinesis.toString());
        settings.put("S2K_STATUS_INTERVAL", "200ms");
        settings.put("S2K_PROGRESS_INTERVAL", "5s");
        settings.put("S2K_METRICS", "off");
        settings.put("S2K_RECONNECT_MAX_BACKOFF", "1s");
        settings.put("S2K_RETRY_MAX_BACKOFF", "500ms");
        settings.put("S2K_SIGNAL_TABLE", "public.s2k_signals_" + n);
        return settings;
    }

    static int next() {
        return COUNTER.incrementAndGet();
    }

    static KinesisClient createStream(WorkerConfig config, int shards) {
        KinesisClient kinesis = KinesisClients.create(config.kinesis());
        kinesis.createStream(r -> r.streamName(config.kinesis().stream()).shardCount(shards));
        kinesis.waiter().waitUntilStreamExists(r -> r.streamName(config.kinesis().stream()));
        return kinesis;
    }

    static void awaitUntil(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    static String single(LocalPostgres postgres, String sql) {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** A table {@code (id int PRIMARY KEY, v text, n int)} as {@code id -> "v|n"}, in key order. */
    static Map<Integer, String> tableState(LocalPostgres postgres, String table) {
        Map<Integer, String> rows = new TreeMap<>();
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT id, v, n FROM " + table)) {
            while (row.next()) {
                rows.put(row.getInt(1), row.getString(2) + "|" + row.getString(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /**
     * What a consumer rebuilds from the stream: records read in order per shard, duplicates dropped by (commit-lsn,
     * transaction-record-id), each key's records applied in order (load, insert, update set the row; delete removes
     * it).
     */
    static final class Consumer {
        private final StreamReader reader;
        private final String table;
        private final java.util.Set<String> seen = new java.util.HashSet<>();
        private final Map<Integer, String> state = new TreeMap<>();
        final List<JsonNode> loads = new java.util.ArrayList<>();

        Consumer(KinesisClient kinesis, String stream, String table) {
            this.reader = new StreamReader(kinesis, stream);
            this.table = table;
        }

        Map<Integer, String> poll() {
            reader.poll(this::apply);
            return state;
        }

        private void apply(Record record) {
            JsonNode json;
            try {
                json = JSON.readTree(record.data().asString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            JsonNode metadata = json.path("metadata");
            if (!metadata.path("table-name").asText().equals(table)) {
                return;
            }
            String position = metadata.path("commit-lsn").asText() + "#" + metadata.path("transaction-record-id")
                    .asText();
            if (!seen.add(position)) {
                return;
            }
            JsonNode data = json.path("data");
            int id = data.path("id").asInt();
            switch (metadata.path("operation").asText()) {
                case "delete" -> state.remove(id);
                case "load" -> {
                    loads.add(json);
                    state.put(id, text(data.path("v")) + "|" + text(data.path("n")));
                }
                default -> state.put(id, text(data.path("v")) + "|" + text(data.path("n")));
            }
        }

        private static String text(JsonNode value) {
            return value.isNull() || value.isMissingNode() ? "null" : value.asText();
        }
    }
}
