package io.slot2kinesis.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.localstack.KinesisLocal;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.StreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.replication.LogSequenceNumber;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

/** One embedded PostgreSQL and one kinesis-local for a test class; a fresh slot, publication and stream per test. */
final class LocalStackFixture implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    final LocalPostgres postgres = LocalPostgres.start();
    final KinesisLocal kinesisLocal = KinesisLocal.start();

    /** Names unique to one test: slot, publication and stream. */
    record Names(String slot, String publication, String stream) {}

    Names newNames() {
        int n = COUNTER.incrementAndGet();
        return new Names("s2k_slot_" + n, "s2k_pub_" + n, "s2k-stream-" + n);
    }

    Map<String, String> settings(Names names) {
        Map<String, String> settings = new HashMap<>();
        settings.put("PGHOST", postgres.host());
        settings.put("PGPORT", Integer.toString(postgres.port()));
        settings.put("PGUSER", LocalPostgres.USER);
        settings.put("PGDATABASE", LocalPostgres.DATABASE);
        settings.put("PGSSLMODE", "disable");
        settings.put("S2K_SLOT", names.slot());
        settings.put("S2K_PUBLICATION", names.publication());
        settings.put("S2K_STREAM", names.stream());
        settings.put("AWS_REGION", "us-east-1");
        settings.put("AWS_ENDPOINT_URL_KINESIS", kinesisLocal.endpoint().toString());
        settings.put("S2K_STATUS_INTERVAL", "200ms");
        settings.put("S2K_PROGRESS_INTERVAL", "1s");
        settings.put("S2K_METRICS", "off");
        settings.put("S2K_RECONNECT_MAX_BACKOFF", "1s");
        settings.put("S2K_RETRY_MAX_BACKOFF", "500ms");
        return settings;
    }

    WorkerConfig config(Map<String, String> settings) {
        return WorkerConfig.load(Map.of(), settings);
    }

    KinesisClient createStream(WorkerConfig config, int shards) {
        KinesisClient kinesis = io.slot2kinesis.kinesis.KinesisClients.create(config.kinesis());
        kinesis.createStream(r -> r.streamName(config.kinesis().stream()).shardCount(shards));
        kinesis.waiter().waitUntilStreamExists(r -> r.streamName(config.kinesis().stream()));
        return kinesis;
    }

    LogSequenceNumber confirmedFlush(String slot) {
        String value = single("SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
        return value == null ? LogSequenceNumber.INVALID_LSN : LogSequenceNumber.valueOf(value);
    }

    LogSequenceNumber currentWal() {
        return LogSequenceNumber.valueOf(single("SELECT pg_current_wal_insert_lsn()"));
    }

    String single(String sql) {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Reads the stream until {@code count} distinct changes arrived (by commit LSN and position), or the timeout. */
    static List<JsonNode> awaitChanges(KinesisClient kinesis, String stream, int count, Duration timeout)
            throws InterruptedException {
        StreamReader reader = new StreamReader(kinesis, stream);
        List<Record> records = reader.awaitRecords(read -> Changes.distinct(parse(read)).size() >= count, timeout);
        return parse(records);
    }

    static List<JsonNode> parse(List<Record> records) {
        return records.stream().map(record -> {
            try {
                return JSON.readTree(record.data().asString(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    @Override
    public void close() {
        kinesisLocal.close();
        postgres.close();
    }
}
