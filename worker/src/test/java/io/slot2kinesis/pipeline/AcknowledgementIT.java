package io.slot2kinesis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.kinesis.KinesisClients;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.kinesis.FastKinesis;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.replication.LogSequenceNumber;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The slot's confirmed_flush_lsn against what Kinesis accepted, through outages, lost sessions and busy load: it
 * never passes an unaccepted change and it never stops following accepted ones. Runs against FastKinesis (fast to
 * start, keeps every record) behind a switch that makes it unreachable.
 */
@Timeout(240)
class AcknowledgementIT {
    private static LocalPostgres postgres;
    private static FastKinesis fastKinesis;
    private static int scenarios;

    @BeforeAll
    static void start() {
        postgres = LocalPostgres.start();
        fastKinesis = FastKinesis.start(0);
    }

    @AfterAll
    static void stop() {
        if (fastKinesis != null) {
            fastKinesis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static Map<String, String> settings(String name) {
        Map<String, String> settings = new HashMap<>();
        settings.put("PGHOST", postgres.host());
        settings.put("PGPORT", Integer.toString(postgres.port()));
        settings.put("PGUSER", LocalPostgres.USER);
        settings.put("PGDATABASE", LocalPostgres.DATABASE);
        settings.put("PGSSLMODE", "disable");
        settings.put("S2K_SLOT", "slot_" + name);
        settings.put("S2K_PUBLICATION", "pub_" + name);
        settings.put("S2K_STREAM", "stream-" + name);
        settings.put("AWS_REGION", "us-east-1");
        settings.put("AWS_ENDPOINT_URL_KINESIS", fastKinesis.endpoint().toString());
        settings.put("AWS_ACCESS_KEY_ID", "local");
        settings.put("AWS_SECRET_ACCESS_KEY", "local");
        settings.put("S2K_PROGRESS_INTERVAL", "1s");
        settings.put("S2K_METRICS", "off");
        settings.put("S2K_RECONNECT_MAX_BACKOFF", "1s");
        settings.put("S2K_RETRY_MAX_BACKOFF", "300ms");
        return settings;
    }

    private static String newName() {
        return "ack" + (++scenarios);
    }

    @Test
    void acknowledgesAgainAfterTheSessionWasLostWhileTheBufferWasFullDuringAnOutage() throws Exception {
        String name = newName();
        String table = "t_" + name;
        postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, payload text)");
        Map<String, String> settings = settings(name);
        settings.put("S2K_BUFFER_BYTES", "1MB");
        WorkerConfig config = WorkerConfig.load(Map.of(), settings);
        fastKinesis.createStream(config.kinesis().stream(), 1);
        try (KinesisClient real = KinesisClients.create(config.kinesis());
                SwitchableKinesis kinesis = new SwitchableKinesis(real);
                InProcessWorker worker = new InProcessWorker(config, kinesis)) {
            String firstPid = awaitActivePid(config.slot(), null);
            postgres.execute("INSERT INTO " + table + " VALUES (0, 'before the outage')");
            JsonNode first = LocalStackFixture.awaitChanges(real, config.kinesis().stream(), 1, Duration.ofSeconds(30))
                    .get(0);
            awaitUntil("the first change is acknowledged", Duration.ofSeconds(20),
                    () -> confirmedFlush(config.slot()).asLong() >= commitLsn(first).asLong());

            kinesis.unreachable.set(true);
            // 2 MB of changes in 30 transactions against a 1 MB buffer: the reader blocks waiting for space.
            for (int batch = 0; batch < 30; batch++) {
                postgres.execute("INSERT INTO " + table + " SELECT g, repeat(md5(g::text), 200) FROM generate_series("
                        + (batch * 10 + 1) + ", " + (batch * 10 + 10) + ") g");
            }
            Thread.sleep(2500);
            postgres.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots WHERE slot_name = '"
                    + config.slot() + "'");
            awaitActivePid(config.slot(), firstPid);
            kinesis.unreachable.set(false);

            List<JsonNode> records = Changes.distinct(
                    LocalStackFixture.awaitChanges(real, config.kinesis().stream(), 301, Duration.ofSeconds(60)));
            assertThat(records).extracting(r -> r.path("data").path("id").asInt()).doesNotHaveDuplicates()
                    .hasSize(301);
            long lastCommit = records.stream().mapToLong(r -> commitLsn(r).asLong()).max().orElseThrow();
            awaitUntil("the slot moves past every delivered change after the outage", Duration.ofSeconds(20),
                    () -> confirmedFlush(config.slot()).asLong() >= lastCommit);
            assertThat(worker.isRunning()).isTrue();
        }
    }

    @Test
    void stopsWithinTheShutdownTimeoutWhileReadingWaitsForBufferSpaceDuringAnOutage() throws Exception {
        String name = newName();
        String table = "t_" + name;
        postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, payload text)");
        Map<String, String> settings = settings(name);
        settings.put("S2K_BUFFER_BYTES", "1MB");
        settings.put("S2K_SHUTDOWN_TIMEOUT", "3s");
        WorkerConfig config = WorkerConfig.load(Map.of(), settings);
        fastKinesis.createStream(config.kinesis().stream(), 1);
        try (KinesisClient real = KinesisClients.create(config.kinesis());
                SwitchableKinesis kinesis = new SwitchableKinesis(real)) {
            InProcessWorker worker = new InProcessWorker(config, kinesis);
            awaitActivePid(config.slot(), null);
            postgres.execute("INSERT INTO " + table + " VALUES (0, 'before the outage')");
            JsonNode first = LocalStackFixture.awaitChanges(real, config.kinesis().stream(), 1, Duration.ofSeconds(30))
                    .get(0);
            kinesis.unreachable.set(true);
            postgres.execute("INSERT INTO " + table + " SELECT g, repeat(md5(g::text), 200) FROM generate_series(1, "
                    + "300) g");
            Thread.sleep(2500);

            long stopping = System.nanoTime();
            worker.close();
            Duration took = Duration.ofNanos(System.nanoTime() - stopping);

            assertThat(took).as("the stop while reading waited for buffer space").isLessThan(STOP_BOUND);
            assertThat(confirmedFlush(config.slot()).asLong()).as("what was accepted is acknowledged, nothing more")
                    .isGreaterThanOrEqualTo(commitLsn(first).asLong())
                    .isLessThan(LogSequenceNumber.valueOf(postgres.query("SELECT pg_current_wal_lsn()")).asLong());
        }
    }

    @Test
    void stopsWithinTheShutdownTimeoutWhileTheInitialLoadWaitsForKinesis() throws Exception {
        String name = newName();
        String table = "t_" + name;
        postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v text)",
                "INSERT INTO " + table + " SELECT g, 'row ' || g FROM generate_series(1, 100) g");
        Map<String, String> settings = settings(name);
        settings.put("S2K_INITIAL_LOAD", "on-create");
        settings.put("S2K_SHUTDOWN_TIMEOUT", "3s");
        WorkerConfig config = WorkerConfig.load(Map.of(), settings);
        fastKinesis.createStream(config.kinesis().stream(), 1);
        try (KinesisClient real = KinesisClients.create(config.kinesis());
                SwitchableKinesis kinesis = new SwitchableKinesis(real)) {
            kinesis.unreachable.set(true);
            InProcessWorker worker = new InProcessWorker(config, kinesis);
            awaitUntil("the slot exists", Duration.ofSeconds(30), () -> confirmedFlush(config.slot()).asLong() > 0);
            Thread.sleep(2000);

            long stopping = System.nanoTime();
            worker.close();
            Duration took = Duration.ofNanos(System.nanoTime() - stopping);

            assertThat(took).as("the stop while the initial load waited for Kinesis").isLessThan(STOP_BOUND);
        }
    }

    /**
     * Bound on a stop with S2K_SHUTDOWN_TIMEOUT=3s while Kinesis is unreachable: without the timeout the stop would
     * wait for Kinesis until InProcessWorker gives up (60 s); the slack is for a loaded machine.
     */
    private static final Duration STOP_BOUND = Duration.ofSeconds(20);

    static LogSequenceNumber commitLsn(JsonNode record) {
        return LogSequenceNumber.valueOf(record.path("metadata").path("commit-lsn").asText());
    }

    private static LogSequenceNumber confirmedFlush(String slot) {
        String value = postgres.query("SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '"
                + slot + "'");
        return value == null ? LogSequenceNumber.INVALID_LSN : LogSequenceNumber.valueOf(value);
    }

    /** Waits until a walsender other than {@code previous} streams the slot; returns its PID. */
    private static String awaitActivePid(String slot, String previous) throws InterruptedException {
        String[] pid = new String[1];
        awaitUntil("a walsender streams slot " + slot, Duration.ofSeconds(30), () -> {
            pid[0] = postgres.query("SELECT active_pid FROM pg_replication_slots WHERE slot_name = '" + slot + "'");
            return pid[0] != null && !pid[0].equals(previous);
        });
        return pid[0];
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
}
