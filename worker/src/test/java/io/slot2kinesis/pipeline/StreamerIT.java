package io.slot2kinesis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.pipeline.LocalStackFixture.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.replication.LogSequenceNumber;
import software.amazon.awssdk.services.kinesis.KinesisClient;

@Timeout(180)
class StreamerIT {
    private static LocalStackFixture stack;

    @BeforeAll
    static void start() {
        stack = new LocalStackFixture();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** A fresh slot, publication and stream, a table created before the worker starts, and a running worker. */
    private static final class Scenario implements AutoCloseable {
        final Names names = stack.newNames();
        final Map<String, String> settings;
        final KinesisClient kinesis;
        final InProcessWorker worker;

        Scenario(int shards, java.util.function.Consumer<Map<String, String>> settingsChange, String... ddl)
                throws InterruptedException {
            for (String statement : ddl) {
                stack.postgres.execute(statement.replace("$pub", names.publication()).replace("$", names.slot()));
            }
            settings = stack.settings(names);
            settingsChange.accept(settings);
            WorkerConfig config = stack.config(settings);
            kinesis = stack.createStream(config, shards);
            worker = new InProcessWorker(config, kinesis);
            awaitUntil("the slot exists", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() > 0);
        }

        /** The table a DDL statement named with {@code $} for the scenario's unique suffix ({@code $pub}: its publication). */
        String table(String prefix) {
            return prefix + names.slot();
        }

        List<JsonNode> awaitDistinct(int count) throws InterruptedException {
            return Changes.distinct(LocalStackFixture.awaitChanges(kinesis, names.stream(), count,
                    Duration.ofSeconds(60)));
        }

        @Override
        public void close() throws InterruptedException {
            try {
                worker.close();
            } finally {
                kinesis.close();
            }
        }
    }

    private static Scenario scenario(String... ddl) throws InterruptedException {
        return new Scenario(1, settings -> {}, ddl);
    }

    private static void awaitUntil(String what, Duration timeout, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void stopsWithTheErrorOfAKinesisClientThatCouldNotBeBuiltBeforeCreatingTheSlotOrPublication() {
        Names names = stack.newNames();
        WorkerConfig config = stack.config(stack.settings(names));
        IllegalStateException failure = new IllegalStateException("no trust store");
        Streamer streamer = new Streamer(config, CompletableFuture.failedFuture(failure), table -> true,
                Wiring.from(config).format());
        assertThatThrownBy(() -> streamer.run(new StopSignal())).isSameAs(failure);
        assertThat(stack.postgres.query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '"
                + names.slot() + "'")).isEqualTo("0");
        assertThat(stack.postgres.query("SELECT count(*) FROM pg_publication WHERE pubname = '"
                + names.publication() + "'")).isEqualTo("0");
    }

    @Test
    void streamsInsertsUpdatesAndDeletesInCommitOrderPerKey() throws Exception {
        try (Scenario scenario = new Scenario(2, settings -> {},
                "CREATE TABLE orders_$ (id int PRIMARY KEY, status text, total numeric(10,2))")) {
            String table = scenario.table("orders_");
            for (int i = 1; i <= 20; i++) {
                stack.postgres.execute("INSERT INTO " + table + " VALUES (" + i + ", 'new', " + i + ".50)");
            }
            stack.postgres.execute("BEGIN", "UPDATE " + table + " SET status = 'paid' WHERE id <= 10",
                    "UPDATE " + table + " SET status = 'shipped' WHERE id <= 5", "DELETE FROM " + table
                            + " WHERE id = 20", "COMMIT");

            List<JsonNode> records = scenario.awaitDistinct(36);

            assertThat(records).hasSize(36);
            Map<String, List<JsonNode>> byKey = Changes.byKey(records);
            JsonNode first = byKey.get("public." + table + ".1").get(0);
            assertThat(first.path("metadata").path("operation").asText()).isEqualTo("insert");
            assertThat(first.path("metadata").path("table-name").asText()).isEqualTo(table);
            assertThat(first.path("data").path("total").asText()).isEqualTo("1.50");
            assertThat(byKey.get("public." + table + ".1")).extracting(r -> r.path("metadata").path("operation")
                    .asText() + ":" + r.path("data").path("status").asText())
                    .containsExactly("insert:new", "update:paid", "update:shipped");
            assertThat(byKey.get("public." + table + ".20")).extracting(
                    r -> r.path("metadata").path("operation").asText()).containsExactly("insert", "delete");
        }
    }

    @Test
    void acknowledgesNothingKinesisHasNotAcceptedAndLosesNothingWhileItIsUnreachable() throws Exception {
        Names names = stack.newNames();
        String table = "t_" + names.slot();
        stack.postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v text)");
        WorkerConfig config = stack.config(stack.settings(names));
        try (KinesisClient real = stack.createStream(config, 1);
                SwitchableKinesis kinesis = new SwitchableKinesis(real);
                InProcessWorker worker = new InProcessWorker(config, kinesis)) {
            awaitUntil("the slot exists", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() > 0);
            stack.postgres.execute("INSERT INTO " + table + " VALUES (0, 'before the outage')");
            JsonNode first = LocalStackFixture.awaitChanges(real, names.stream(), 1, Duration.ofSeconds(60)).get(0);
            awaitUntil("the first change is acknowledged", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() > commitLsn(first).asLong());
            kinesis.unreachable.set(true);
            LogSequenceNumber beforeOutage = stack.currentWal();
            for (int i = 1; i <= 10; i++) {
                stack.postgres.execute("INSERT INTO " + table + " VALUES (" + i + ", 'during the outage')");
            }
            Thread.sleep(2000);
            assertThat(stack.confirmedFlush(names.slot()).asLong())
                    .as("the slot stays before changes Kinesis has not accepted")
                    .isLessThanOrEqualTo(beforeOutage.asLong());

            kinesis.unreachable.set(false);
            List<JsonNode> records = Changes.distinct(
                    LocalStackFixture.awaitChanges(real, names.stream(), 11, Duration.ofSeconds(60)));
            assertThat(records).extracting(r -> r.path("data").path("id").asInt())
                    .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
            long lastCommit = records.stream().mapToLong(r -> commitLsn(r).asLong()).max().orElseThrow();
            awaitUntil("the slot moves past the delivered changes", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() > lastCommit);
        }
    }

    private static LogSequenceNumber commitLsn(JsonNode record) {
        return LogSequenceNumber.valueOf(record.path("metadata").path("commit-lsn").asText());
    }

    @Test
    void advancesTheSlotWhileOnlyUnselectedTablesChange() throws Exception {
        try (Scenario scenario = scenario("CREATE TABLE selected_$ (id int PRIMARY KEY)",
                "CREATE TABLE other_$ (id int PRIMARY KEY, filler text)",
                "CREATE PUBLICATION $pub FOR TABLE selected_$")) {
            LogSequenceNumber start = stack.confirmedFlush(scenario.names.slot());
            stack.postgres.execute("INSERT INTO " + scenario.table("other_")
                    + " SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g");
            LogSequenceNumber afterChurn = stack.currentWal();
            assertThat(afterChurn.asLong() - start.asLong()).isGreaterThan(1_000_000);
            awaitUntil("the idle slot's confirmed LSN reaches the churn", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(scenario.names.slot()).asLong() >= afterChurn.asLong() - 1000);
        }
    }

    @Test
    void resumesFromTheSlotAfterPostgresRestartsMidStream() throws Exception {
        try (Scenario scenario = scenario("CREATE TABLE r_$ (id int PRIMARY KEY)")) {
            String table = scenario.table("r_");
            stack.postgres.execute("INSERT INTO " + table + " SELECT g FROM generate_series(1, 50) g");
            stack.postgres.restart();
            stack.postgres.execute("INSERT INTO " + table + " SELECT g FROM generate_series(51, 100) g");
            assertThat(scenario.awaitDistinct(100)).extracting(r -> r.path("data").path("id").asInt())
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 100).boxed().toList());
            assertThat(scenario.worker.failure()).isNull();
        }
    }

    /** The first Relation message of a session is compared with what the session before it saw. */
    @Test
    void reportsAColumnAddedAcrossAReconnectAndARenameAsControlRecords() throws Exception {
        try (Scenario scenario = scenario("CREATE TABLE sc_$ (id int PRIMARY KEY)")) {
            String table = scenario.table("sc_");
            stack.postgres.execute("INSERT INTO " + table + " VALUES (1)");
            LogSequenceNumber inserted = LogSequenceNumber.valueOf(stack.postgres.query("SELECT pg_current_wal_lsn()"));
            awaitUntil("the insert is acknowledged", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(scenario.names.slot()).asLong() >= inserted.asLong());
            stack.postgres.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots"
                    + " WHERE slot_name = '" + scenario.names.slot() + "'");
            stack.postgres.execute("ALTER TABLE " + table + " ADD COLUMN note text",
                    "INSERT INTO " + table + " VALUES (2, 'two')",
                    "ALTER TABLE " + table + " RENAME TO " + table + "_renamed",
                    "INSERT INTO " + table + "_renamed VALUES (3, 'three')");

            // Control records are keyed by table, rows by primary key: only per-key order is promised on the stream.
            List<JsonNode> records = Changes.inCommitOrder(scenario.awaitDistinct(5));

            assertThat(records).extracting(r -> r.path("metadata").path("record-type").asText() + ":"
                    + r.path("metadata").path("operation").asText() + ":" + r.path("metadata").path("table-name")
                    .asText().replace(table, "t")).containsExactly("data:insert:t", "control:add-column:t",
                    "data:insert:t", "control:rename-table:t_renamed", "data:insert:t_renamed");
            assertThat(records.get(3).path("metadata").path("previous-table-name").asText()).isEqualTo(table);
            assertThat(scenario.worker.failure()).isNull();
        }
    }

    @Test
    void neverReportsAnUnchangedToastValueAsNull() throws Exception {
        try (Scenario scenario = scenario("CREATE TABLE toast_$ (id int PRIMARY KEY, status text, document text)")) {
            String table = scenario.table("toast_");
            stack.postgres.execute("INSERT INTO " + table + " SELECT 1, 'new', string_agg(md5(g::text), '') "
                    + "FROM generate_series(1, 4000) g", "UPDATE " + table + " SET status = 'changed' WHERE id = 1");
            List<JsonNode> records = scenario.awaitDistinct(2);
            JsonNode update = records.get(1);
            assertThat(update.path("data").path("status").asText()).isEqualTo("changed");
            assertThat(update.path("data").has("document")).as("no NULL in place of the unchanged value").isFalse();
            assertThat(update.path("metadata").path("unchanged-columns").toString()).contains("document");
            assertThat(records.get(0).path("data").path("document").asText()).hasSize(128_000);
        }
    }

    @Test
    void publishesTruncateAsAControlRecord() throws Exception {
        try (Scenario scenario = scenario("CREATE TABLE trunc_$ (id int PRIMARY KEY)")) {
            String table = scenario.table("trunc_");
            stack.postgres.execute("INSERT INTO " + table + " VALUES (1)", "TRUNCATE " + table);
            // The control record is keyed by schema.table, the row by its primary key: Kinesis orders keys apart.
            JsonNode control = scenario.awaitDistinct(2).stream()
                    .filter(r -> r.path("metadata").path("record-type").asText().equals("control")).findFirst()
                    .orElseThrow(() -> new AssertionError("no control record for the TRUNCATE"));
            assertThat(control.path("metadata").path("operation").asText()).isEqualTo("truncate-table");
            assertThat(control.path("metadata").path("table-name").asText()).isEqualTo(table);
        }
    }

    @Test
    void publishesOnlyInsertsOfATableWithoutPrimaryKeyAndNeverBreaksTheApplicationsUpdates() throws Exception {
        try (Scenario scenario = scenario("CREATE TABLE nokey_$ (v text)")) {
            String table = scenario.table("nokey_");
            stack.postgres.execute("INSERT INTO " + table + " VALUES ('a')", "UPDATE " + table + " SET v = 'b'",
                    "DELETE FROM " + table, "INSERT INTO " + table + " VALUES ('c')");
            assertThat(scenario.awaitDistinct(2)).extracting(r -> r.path("data").path("v").asText())
                    .containsExactly("a", "c");
        }
    }

    @Test
    void stopsOnARecordAboveTheStreamsLimitNamingTableAndLsnWithoutAcknowledgingIt() throws Exception {
        Names names = stack.newNames();
        String table = "big_" + names.slot();
        stack.postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, payload text)");
        Map<String, String> settings = stack.settings(names);
        WorkerConfig config = stack.config(settings);
        try (KinesisClient kinesis = stack.createStream(config, 1)) {
            InProcessWorker worker = new InProcessWorker(config, kinesis);
            awaitUntil("the slot exists", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() > 0);
            stack.postgres.execute("INSERT INTO " + table + " SELECT 1, string_agg(md5(g::text), '') "
                    + "FROM generate_series(1, 40000) g");
            LogSequenceNumber afterCommit = stack.currentWal();
            worker.awaitEnd(Duration.ofSeconds(60));
            assertThat(worker.failure()).isInstanceOf(OversizeRecordException.class)
                    .hasMessageContaining("public." + table).hasMessageContaining("S2K_OVERSIZE=skip");
            // The slot may sit inside the transaction (the server reports its progress), never at or past its commit:
            // the restart below must read the record again.
            assertThat(stack.confirmedFlush(names.slot()).asLong()).isLessThan(afterCommit.asLong());

            settings.put("S2K_OVERSIZE", "skip");
            try (InProcessWorker skipping = new InProcessWorker(stack.config(settings), kinesis)) {
                List<JsonNode> records = LocalStackFixture.awaitChanges(kinesis, names.stream(), 1,
                        Duration.ofSeconds(60));
                assertThat(records.get(0).path("metadata").path("record-type").asText()).isEqualTo("control");
                assertThat(records.get(0).path("metadata").path("operation").asText()).isEqualTo("oversize-skipped");
                assertThat(records.get(0).path("metadata").path("table-name").asText()).isEqualTo(table);
                assertThat(records.get(0).path("data").path("id").asInt()).isEqualTo(1);
            }
        }
    }

    @Test
    void aSecondWorkerOnTheSameSlotWaitsAndTakesOverWhenTheFirstStops() throws Exception {
        Names names = stack.newNames();
        String table = "busy_" + names.slot();
        stack.postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY)");
        WorkerConfig config = stack.config(stack.settings(names));
        try (KinesisClient kinesis = stack.createStream(config, 1)) {
            InProcessWorker first = new InProcessWorker(config, kinesis);
            awaitUntil("the first worker streams", Duration.ofSeconds(30), () -> "t".equals(
                    stack.single("SELECT active FROM pg_replication_slots WHERE slot_name = '" + names.slot() + "'")));
            try (InProcessWorker second = new InProcessWorker(config, kinesis)) {
                Thread.sleep(1500);
                assertThat(second.isRunning()).as("the second worker waits instead of failing").isTrue();
                assertThat(second.failure()).isNull();
                first.close();
                stack.postgres.execute("INSERT INTO " + table + " VALUES (1)");
                List<JsonNode> records = LocalStackFixture.awaitChanges(kinesis, names.stream(), 1,
                        Duration.ofSeconds(60));
                assertThat(records).extracting(r -> r.path("data").path("id").asInt()).contains(1);
            }
        }
    }

    @Test
    void heartbeatsMoveTheSlotOfAnIdleDatabase() throws Exception {
        try (Scenario scenario = new Scenario(1, settings -> settings.put("S2K_HEARTBEAT_INTERVAL", "500ms"))) {
            LogSequenceNumber start = stack.confirmedFlush(scenario.names.slot());
            awaitUntil("heartbeats advance the slot", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(scenario.names.slot()).asLong() > start.asLong());
        }
    }

    @Test
    void writesTheDebeziumEnvelopeWhenAskedTo() throws Exception {
        try (Scenario scenario = new Scenario(1, settings -> settings.put("S2K_FORMAT", "debezium"),
                "CREATE TABLE dbz_$ (id int PRIMARY KEY, v text)")) {
            String table = scenario.table("dbz_");
            stack.postgres.execute("INSERT INTO " + table + " VALUES (7, 'x')", "UPDATE " + table + " SET v = 'y'");
            List<JsonNode> records = LocalStackFixture.parse(new io.slot2kinesis.localstack.StreamReader(
                    scenario.kinesis, scenario.names.stream()).awaitRecords(read -> read.size() >= 2,
                    Duration.ofSeconds(60)));
            assertThat(records).extracting(r -> r.path("op").asText()).containsExactly("c", "u");
            assertThat(records.get(1).path("after").path("v").asText()).isEqualTo("y");
            assertThat(records.get(1).path("source").path("table").asText()).isEqualTo(table);
        }
    }

    @Test
    void stopsWhenItsSlotIsGoneInsteadOfSilentlyStartingOverAndRecreatesItOnlyWhenAllowed() throws Exception {
        try (Scenario scenario = scenario("CREATE TABLE lost_$ (id int PRIMARY KEY)")) {
            String slot = scenario.names.slot();
            stack.postgres.execute("INSERT INTO " + scenario.table("lost_") + " VALUES (1)");
            scenario.awaitDistinct(1);
            scenario.worker.close();
            stack.postgres.execute("SELECT pg_drop_replication_slot('" + slot + "')");

            InProcessWorker restarted = new InProcessWorker(stack.config(scenario.settings), scenario.kinesis);
            restarted.awaitEnd(Duration.ofSeconds(30));
            assertThat(restarted.failure()).isInstanceOf(io.slot2kinesis.replication.SlotLostException.class)
                    .hasMessageContaining("'" + slot + "' no longer exists")
                    .hasMessageContaining("created at LSN")
                    .hasMessageContaining("S2K_SLOT_LOST=recreate");
            assertThat(stack.single("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + slot + "'"))
                    .as("no new slot was created behind the operator's back").isEqualTo("0");

            scenario.settings.put("S2K_SLOT_LOST", "recreate");
            try (InProcessWorker allowed = new InProcessWorker(stack.config(scenario.settings), scenario.kinesis)) {
                awaitUntil("the slot is recreated", Duration.ofSeconds(30),
                        () -> stack.confirmedFlush(slot).asLong() > 0);
                stack.postgres.execute("INSERT INTO " + scenario.table("lost_") + " VALUES (2)");
                assertThat(scenario.awaitDistinct(2)).extracting(r -> r.path("data").path("id").asInt())
                        .containsExactly(1, 2);
            }
        }
    }

    @Test
    void stopsWhenTheSlotItIsStreamingFromDisappears() throws Exception {
        try (Scenario scenario = scenario("CREATE TABLE vanish_$ (id int PRIMARY KEY)")) {
            String slot = scenario.names.slot();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                try {
                    stack.postgres.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
                            + "WHERE slot_name = '" + slot + "' AND active_pid IS NOT NULL",
                            "SELECT pg_drop_replication_slot('" + slot + "')");
                    break;
                } catch (IllegalStateException stillActive) {
                    assertThat(System.nanoTime()).as("dropping the slot: %s", stillActive.getMessage())
                            .isLessThan(deadline);
                    Thread.sleep(5);
                }
            }
            scenario.worker.awaitEnd(Duration.ofSeconds(30));
            assertThat(scenario.worker.failure()).isInstanceOf(io.slot2kinesis.replication.SlotLostException.class)
                    .hasMessageContaining("this worker streamed from it and acknowledged up to LSN");
        }
    }
}
