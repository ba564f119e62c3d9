package io.slot2kinesis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.pipeline.LocalStackFixture.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /** A worker running in the background until {@link #close()}. */
    private static final class RunningWorker implements AutoCloseable {
        final StopSignal stop = new StopSignal();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread;

        RunningWorker(WorkerConfig config, KinesisClient kinesis) {
            io.slot2kinesis.pipeline.Wiring wiring = io.slot2kinesis.pipeline.Wiring.from(config);
            Streamer streamer = new Streamer(config, kinesis, wiring.selection(), wiring.format());
            thread = Thread.ofPlatform().name("worker-under-test").start(() -> {
                try {
                    streamer.run(stop);
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
        }

        @Override
        public void close() throws InterruptedException {
            stop.stop();
            thread.join(Duration.ofSeconds(60));
            assertThat(thread.isAlive()).as("the worker stops within its shutdown timeout").isFalse();
        }
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
    void streamsInsertsUpdatesAndDeletesInCommitOrderPerKey() throws Exception {
        Names names = stack.newNames();
        String table = "orders_" + names.slot();
        stack.postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, status text, total numeric(10,2))");
        WorkerConfig config = stack.config(stack.settings(names));
        try (KinesisClient kinesis = stack.createStream(config, 2); RunningWorker worker = new RunningWorker(config,
                kinesis)) {
            awaitUntil("the slot exists", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() > 0);
            for (int i = 1; i <= 20; i++) {
                stack.postgres.execute("INSERT INTO " + table + " VALUES (" + i + ", 'new', " + i + ".50)");
            }
            stack.postgres.execute("BEGIN", "UPDATE " + table + " SET status = 'paid' WHERE id <= 10",
                    "UPDATE " + table + " SET status = 'shipped' WHERE id <= 5", "DELETE FROM " + table
                            + " WHERE id = 20", "COMMIT");

            List<JsonNode> records = Changes.distinct(
                    LocalStackFixture.awaitChanges(kinesis, names.stream(), 36, Duration.ofSeconds(60)));

            assertThat(records).hasSize(36);
            JsonNode first = Changes.byKey(records).get("public." + table + ".1").get(0);
            assertThat(first.path("metadata").path("operation").asText()).isEqualTo("insert");
            assertThat(first.path("metadata").path("table-name").asText()).isEqualTo(table);
            assertThat(first.path("data").path("total").asText()).isEqualTo("1.50");
            List<String> statusesOfKey1 = new ArrayList<>();
            Changes.byKey(records).get("public." + table + ".1").forEach(r -> statusesOfKey1.add(
                    r.path("metadata").path("operation").asText() + ":" + r.path("data").path("status").asText()));
            assertThat(statusesOfKey1).containsExactly("insert:new", "update:paid", "update:shipped");
            assertThat(Changes.byKey(records).get("public." + table + ".20")).extracting(
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
                RunningWorker worker = new RunningWorker(config, kinesis)) {
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
        Names names = stack.newNames();
        String selected = "selected_" + names.slot();
        String other = "other_" + names.slot();
        stack.postgres.execute("CREATE TABLE " + selected + " (id int PRIMARY KEY)",
                "CREATE TABLE " + other + " (id int PRIMARY KEY, filler text)",
                "CREATE PUBLICATION " + names.publication() + " FOR TABLE " + selected);
        WorkerConfig config = stack.config(stack.settings(names));
        try (KinesisClient kinesis = stack.createStream(config, 1); RunningWorker worker = new RunningWorker(config,
                kinesis)) {
            awaitUntil("the slot exists", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() > 0);
            LogSequenceNumber start = stack.confirmedFlush(names.slot());
            stack.postgres.execute("INSERT INTO " + other + " SELECT g, repeat('x', 200) FROM generate_series(1, 20000) g");
            LogSequenceNumber afterChurn = stack.currentWal();
            assertThat(afterChurn.asLong() - start.asLong()).isGreaterThan(1_000_000);
            awaitUntil("the idle slot's confirmed LSN reaches the churn", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() >= afterChurn.asLong() - 1000);
        }
    }

    @Test
    void resumesFromTheSlotAfterPostgresRestartsMidStream() throws Exception {
        Names names = stack.newNames();
        String table = "r_" + names.slot();
        stack.postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY)");
        WorkerConfig config = stack.config(stack.settings(names));
        try (KinesisClient kinesis = stack.createStream(config, 1); RunningWorker worker = new RunningWorker(config,
                kinesis)) {
            awaitUntil("the slot exists", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() > 0);
            stack.postgres.execute("INSERT INTO " + table + " SELECT g FROM generate_series(1, 50) g");
            stack.postgres.restart();
            stack.postgres.execute("INSERT INTO " + table + " SELECT g FROM generate_series(51, 100) g");
            List<JsonNode> records = Changes.distinct(
                    LocalStackFixture.awaitChanges(kinesis, names.stream(), 100, Duration.ofSeconds(90)));
            assertThat(records).extracting(r -> r.path("data").path("id").asInt())
                    .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(1, 100).boxed().toList());
            assertThat(worker.failure.get()).isNull();
        }
    }

    @Test
    void neverReportsAnUnchangedToastValueAsNull() throws Exception {
        Names names = stack.newNames();
        String table = "toast_" + names.slot();
        stack.postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, status text, document text)");
        WorkerConfig config = stack.config(stack.settings(names));
        try (KinesisClient kinesis = stack.createStream(config, 1); RunningWorker worker = new RunningWorker(config,
                kinesis)) {
            awaitUntil("the slot exists", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() > 0);
            stack.postgres.execute("INSERT INTO " + table + " SELECT 1, 'new', string_agg(md5(g::text), '') "
                    + "FROM generate_series(1, 4000) g", "UPDATE " + table + " SET status = 'changed' WHERE id = 1");
            List<JsonNode> records = Changes.distinct(
                    LocalStackFixture.awaitChanges(kinesis, names.stream(), 2, Duration.ofSeconds(60)));
            JsonNode update = records.get(1);
            assertThat(update.path("data").path("status").asText()).isEqualTo("changed");
            assertThat(update.path("data").has("document")).as("no NULL in place of the unchanged value").isFalse();
            assertThat(update.path("metadata").path("unchanged-columns").toString()).contains("document");
            assertThat(records.get(0).path("data").path("document").asText()).hasSize(128_000);
        }
    }

    @Test
    void publishesTruncateAsAControlRecord() throws Exception {
        Names names = stack.newNames();
        String table = "trunc_" + names.slot();
        stack.postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY)");
        WorkerConfig config = stack.config(stack.settings(names));
        try (KinesisClient kinesis = stack.createStream(config, 1); RunningWorker worker = new RunningWorker(config,
                kinesis)) {
            awaitUntil("the slot exists", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() > 0);
            stack.postgres.execute("INSERT INTO " + table + " VALUES (1)", "TRUNCATE " + table);
            List<JsonNode> records = Changes.distinct(
                    LocalStackFixture.awaitChanges(kinesis, names.stream(), 2, Duration.ofSeconds(60)));
            assertThat(records.get(1).path("metadata").path("record-type").asText()).isEqualTo("control");
            assertThat(records.get(1).path("metadata").path("table-name").asText()).isEqualTo(table);
        }
    }

    @Test
    void publishesOnlyInsertsOfATableWithoutPrimaryKeyAndNeverBreaksTheApplicationsUpdates() throws Exception {
        Names names = stack.newNames();
        String table = "nokey_" + names.slot();
        stack.postgres.execute("CREATE TABLE " + table + " (v text)");
        WorkerConfig config = stack.config(stack.settings(names));
        try (KinesisClient kinesis = stack.createStream(config, 1); RunningWorker worker = new RunningWorker(config,
                kinesis)) {
            awaitUntil("the slot exists", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() > 0);
            stack.postgres.execute("INSERT INTO " + table + " VALUES ('a')", "UPDATE " + table + " SET v = 'b'",
                    "DELETE FROM " + table, "INSERT INTO " + table + " VALUES ('c')");
            List<JsonNode> records = Changes.distinct(
                    LocalStackFixture.awaitChanges(kinesis, names.stream(), 2, Duration.ofSeconds(60)));
            assertThat(records).extracting(r -> r.path("data").path("v").asText()).containsExactly("a", "c");
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
            RunningWorker worker = new RunningWorker(config, kinesis);
            awaitUntil("the slot exists", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() > 0);
            stack.postgres.execute("INSERT INTO " + table + " SELECT 1, string_agg(md5(g::text), '') "
                    + "FROM generate_series(1, 40000) g");
            LogSequenceNumber afterCommit = stack.currentWal();
            worker.thread.join(Duration.ofSeconds(60));
            assertThat(worker.failure.get()).isInstanceOf(OversizeRecordException.class)
                    .hasMessageContaining("public." + table).hasMessageContaining("S2K_OVERSIZE=skip");
            // The slot may sit inside the transaction (the server reports its progress), never at or past its commit:
            // the restart below must read the record again.
            assertThat(stack.confirmedFlush(names.slot()).asLong()).isLessThan(afterCommit.asLong());

            settings.put("S2K_OVERSIZE", "skip");
            try (RunningWorker skipping = new RunningWorker(stack.config(settings), kinesis)) {
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
            RunningWorker first = new RunningWorker(config, kinesis);
            awaitUntil("the first worker streams", Duration.ofSeconds(30), () -> "t".equals(
                    stack.single("SELECT active FROM pg_replication_slots WHERE slot_name = '" + names.slot() + "'")));
            try (RunningWorker second = new RunningWorker(config, kinesis)) {
                Thread.sleep(1500);
                assertThat(second.thread.isAlive()).as("the second worker waits instead of failing").isTrue();
                assertThat(second.failure.get()).isNull();
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
        Names names = stack.newNames();
        Map<String, String> settings = stack.settings(names);
        settings.put("S2K_HEARTBEAT_INTERVAL", "500ms");
        WorkerConfig config = stack.config(settings);
        try (KinesisClient kinesis = stack.createStream(config, 1); RunningWorker worker = new RunningWorker(config,
                kinesis)) {
            awaitUntil("the slot exists", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() > 0);
            LogSequenceNumber start = stack.confirmedFlush(names.slot());
            awaitUntil("heartbeats advance the slot", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() > start.asLong());
        }
    }

    @Test
    void writesTheDebeziumEnvelopeWhenAskedTo() throws Exception {
        Names names = stack.newNames();
        String table = "dbz_" + names.slot();
        stack.postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v text)");
        Map<String, String> settings = stack.settings(names);
        settings.put("S2K_FORMAT", "debezium");
        WorkerConfig config = stack.config(settings);
        try (KinesisClient kinesis = stack.createStream(config, 1); RunningWorker worker = new RunningWorker(config,
                kinesis)) {
            awaitUntil("the slot exists", Duration.ofSeconds(30),
                    () -> stack.confirmedFlush(names.slot()).asLong() > 0);
            stack.postgres.execute("INSERT INTO " + table + " VALUES (7, 'x')", "UPDATE " + table + " SET v = 'y'");
            List<JsonNode> records = LocalStackFixture.parse(new io.slot2kinesis.localstack.StreamReader(kinesis,
                    names.stream()).awaitRecords(read -> read.size() >= 2, Duration.ofSeconds(60)));
            assertThat(records).extracting(r -> r.path("op").asText()).containsExactly("c", "u");
            assertThat(records.get(1).path("after").path("v").asText()).isEqualTo("y");
            assertThat(records.get(1).path("source").path("table").asText()).isEqualTo(table);
        }
    }
}
