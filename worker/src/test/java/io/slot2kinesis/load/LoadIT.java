package io.slot2kinesis.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slot2kinesis.cli.Main;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.load.LoadStack.Consumer;
import io.slot2kinesis.localstack.KinesisLocal;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.pipeline.InProcessWorker;
import io.slot2kinesis.change.TableId;
import io.slot2kinesis.localstack.StreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.replication.LogSequenceNumber;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Initial loads and backfills against an embedded PostgreSQL and kinesis-local, each checked the way a consumer would:
 * the table rebuilt from the stream (duplicates dropped by position, each key's records applied in order) must equal
 * the table.
 */
@Timeout(240)
class LoadIT {
    private static LocalPostgres postgres;
    private static KinesisLocal kinesisLocal;

    @BeforeAll
    static void start() {
        postgres = LocalPostgres.start();
        kinesisLocal = KinesisLocal.start();
    }

    @AfterAll
    static void stop() {
        kinesisLocal.close();
        postgres.close();
    }

    /** A table (id int PRIMARY KEY, v text, n int) with {@code rows} rows, in a publication of its own. */
    private record Scenario(String table, Map<String, String> settings) {
        static Scenario create(int rows, String... extraTables) {
            int n = LoadStack.next();
            String table = "load_" + n;
            Map<String, String> settings = LoadStack.settings(postgres, kinesisLocal.endpoint(), n);
            postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v text, n int)",
                    "INSERT INTO " + table + " SELECT g, 'v' || g, 0 FROM generate_series(1, " + rows + ") g");
            StringBuilder publication = new StringBuilder("CREATE PUBLICATION " + settings.get("S2K_PUBLICATION")
                    + " FOR TABLE " + table);
            for (String extra : extraTables) {
                publication.append(", ").append(extra);
            }
            postgres.execute(publication.toString());
            return new Scenario(table, settings);
        }

        WorkerConfig config() {
            return WorkerConfig.load(Map.of(), settings);
        }

        String slot() {
            return settings.get("S2K_SLOT");
        }

        String signalTable() {
            return settings.get("S2K_SIGNAL_TABLE");
        }

        void awaitSlot() throws InterruptedException {
            LoadStack.awaitUntil("the slot exists", Duration.ofSeconds(30), () -> LoadStack.single(postgres,
                    "SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + slot() + "'") != null);
        }

        /** The LSN at which the slot's snapshot became consistent, once its creation got there. */
        String awaitConsistentPoint(Connection connection) throws Exception {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            try (Statement statement = connection.createStatement()) {
                while (System.nanoTime() < deadline) {
                    try (ResultSet row = statement.executeQuery("SELECT confirmed_flush_lsn FROM pg_replication_slots"
                            + " WHERE slot_name = '" + slot() + "' AND confirmed_flush_lsn IS NOT NULL")) {
                        if (row.next()) {
                            return row.getString(1);
                        }
                    }
                    Thread.sleep(2);
                }
            }
            throw new AssertionError("slot " + slot() + " did not become consistent within 30 s");
        }

        String requestState(String column, String condition) {
            if (LoadStack.single(postgres, "SELECT to_regclass('" + signalTable() + "')") == null) {
                return null;
            }
            return LoadStack.single(postgres, "SELECT " + column + " FROM " + signalTable() + " WHERE " + condition
                    + " ORDER BY id DESC LIMIT 1");
        }

        void awaitBackfillDone(String condition, Duration timeout) throws InterruptedException {
            LoadStack.awaitUntil("backfill " + condition + " is done", timeout,
                    () -> "done".equals(requestState("state", condition)));
        }

        int backfill(String... extra) {
            String[] args = new String[6 + extra.length];
            args[0] = "backfill";
            args[1] = "--table=public." + table;
            args[2] = "--PGHOST=" + postgres.host();
            args[3] = "--PGPORT=" + postgres.port();
            args[4] = "--S2K_SLOT=" + slot();
            args[5] = "--S2K_SIGNAL_TABLE=" + signalTable();
            System.arraycopy(extra, 0, args, 6, extra.length);
            return Main.execute(args);
        }
    }

    private static void assertRebuiltEqualsTable(Consumer consumer, String table) throws InterruptedException {
        try {
            LoadStack.awaitUntil("the stream rebuilds " + table, Duration.ofSeconds(90),
                    () -> consumer.poll().equals(LoadStack.tableState(postgres, table)));
        } catch (AssertionError timedOut) {
            assertThat(consumer.poll()).as("table rebuilt from the stream").isEqualTo(
                    LoadStack.tableState(postgres, table));
        }
    }

    @Test
    void initialLoadWithConcurrentWritesRebuildsTheTableExactly() throws Exception {
        Scenario scenario = Scenario.create(2000);
        scenario.settings().put("S2K_INITIAL_LOAD", "on-create");
        scenario.settings().put("S2K_LOAD_ROWS_PER_SECOND", "1500");
        WorkerConfig config = scenario.config();
        try (KinesisClient kinesis = LoadStack.createStream(config, 2)) {
            InProcessWorker worker;
            try (Writers writers = new Writers(postgres, scenario.table(), 2300, 2, 4)) {
                worker = new InProcessWorker(config, kinesis);
                scenario.awaitSlot();
                Thread.sleep(2500);
                assertThat(writers.transactions()).isPositive();
            }
            try (worker) {
                Consumer consumer = new Consumer(kinesis, config.kinesis().stream(), scenario.table());
                assertRebuiltEqualsTable(consumer, scenario.table());

                assertThat(consumer.loads).hasSizeGreaterThan(1900);
                Set<String> loadPositions = consumer.loads.stream()
                        .map(r -> r.path("metadata").path("commit-lsn").asText()).collect(Collectors.toSet());
                assertThat(loadPositions).as("every load record sits just below the slot's start LSN").hasSize(1);
                assertThat(allRecords(kinesis, config.kinesis().stream())).extracting(LoadIT::position)
                        .as("load and stream positions").doesNotHaveDuplicates();
                assertThat(LoadStack.single(postgres, "SELECT obj_description(oid, 'pg_publication') FROM "
                        + "pg_publication WHERE pubname = '" + config.publication() + "'"))
                        .contains("initial load of slot " + config.slot() + " done");
            }
        }
    }

    /**
     * A slot's snapshot becomes consistent at a running-transactions record; a transaction that started after the
     * snapshot was half built and is still open there is streamed, and when its commit record is the next record in
     * the WAL it commits exactly at the slot's consistent point (pgoutput.md). Built as PostgreSQL builds the snapshot:
     * the slot's creation waits for A (open when it started), then for B (open when A ended), and becomes consistent
     * with C open; C commits next. The worker notes its new slot in the catalog (a comment) right after creating it:
     * a lock on pg_description holds that write back until C committed, so C's commit is the next record.
     */
    @Test
    void aTransactionCommittingAtTheConsistentPointKeepsPositionsApartFromTheLoad() throws Exception {
        // The server's background writer logs a running-transactions record every 15 s while WAL is written; when one
        // lands between the consistent point and C's commit, that attempt did not build the case: build it again.
        for (int attempt = 1; attempt <= 4; attempt++) {
            if (transactionCommittedAtTheConsistentPoint()) {
                return;
            }
        }
        throw new AssertionError("in 4 attempts, another WAL record always came between the slot's consistent point"
                + " and the transaction's commit, so the case was never built");
    }

    /** One attempt of the case above; checks the positions either way and says whether the commit hit the point. */
    private boolean transactionCommittedAtTheConsistentPoint() throws Exception {
        Scenario scenario = Scenario.create(5);
        String scratch = scenario.table() + "_xids";
        postgres.execute("CREATE TABLE " + scratch + " (n int)");
        scenario.settings().put("S2K_INITIAL_LOAD", "on-create");
        WorkerConfig config = scenario.config();
        try (KinesisClient kinesis = LoadStack.createStream(config, 1);
                Connection a = postgres.connect(); Connection b = postgres.connect();
                Connection c = postgres.connect(); Connection comments = postgres.connect();
                Connection poll = postgres.connect()) {
            String xidA = openTransaction(a, "INSERT INTO " + scratch + " VALUES (1)");
            try (InProcessWorker worker = new InProcessWorker(config, kinesis)) {
                awaitSlotCreationWaitingFor(xidA);
                // EXCLUSIVE (unlike ACCESS EXCLUSIVE) takes no xid, so the slot's creation does not wait for it.
                openTransaction(comments, "LOCK TABLE pg_description IN EXCLUSIVE MODE");
                String xidB = openTransaction(b, "INSERT INTO " + scratch + " VALUES (2)");
                a.commit();
                awaitSlotCreationWaitingFor(xidB);
                openTransaction(c, "UPDATE " + scenario.table() + " SET v = 'at the consistent point' WHERE id = 1");
                b.commit();
                String consistentPoint = scenario.awaitConsistentPoint(poll);
                c.commit();
                comments.rollback();

                List<JsonNode> records = new StreamReader(kinesis, config.kinesis().stream()).awaitRecords(
                        all -> all.size() >= 6, Duration.ofSeconds(60)).stream().map(LoadIT::json).toList();

                // Five load records and the update; keys differ, so they are told apart by operation, not place.
                assertThat(records).hasSize(6).extracting(r -> r.path("metadata").path("operation").asText())
                        .containsExactlyInAnyOrder("load", "load", "load", "load", "load", "update");
                JsonNode update = records.stream().filter(r -> r.path("metadata").path("operation").asText()
                        .equals("update")).findFirst().orElseThrow().path("metadata");
                assertThat(records).extracting(LoadIT::position).as("positions").doesNotHaveDuplicates();
                LogSequenceNumber streamed = LogSequenceNumber.valueOf(update.path("commit-lsn").asText());
                assertThat(records).filteredOn(r -> r.path("metadata").path("operation").asText().equals("load"))
                        .allSatisfy(load -> assertThat(LogSequenceNumber.valueOf(
                        load.path("metadata").path("commit-lsn").asText()).asLong())
                        .as("a load record sorts before the stream").isLessThan(streamed.asLong()));
                return update.path("commit-lsn").asText().equals(consistentPoint);
            }
        }
    }

    private static String position(JsonNode record) {
        return record.path("metadata").path("commit-lsn").asText() + "#"
                + record.path("metadata").path("transaction-record-id").asText();
    }

    /** Begins a transaction on {@code connection}, runs {@code sql} in it and returns its xid (null when it has none). */
    private static String openTransaction(Connection connection, String sql) throws java.sql.SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            try (ResultSet row = statement.executeQuery("SELECT pg_current_xact_id_if_assigned()::text")) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private static void awaitSlotCreationWaitingFor(String xid) throws InterruptedException {
        LoadStack.awaitUntil("the slot's creation waits for transaction " + xid, Duration.ofSeconds(30),
                () -> LoadStack.single(postgres, "SELECT 1 FROM pg_locks WHERE locktype = 'transactionid'"
                        + " AND transactionid::text = '" + xid + "' AND NOT granted") != null);
    }

    @Test
    void backfillWhileWritersUpdateTheSameKeysRebuildsTheTableExactly() throws Exception {
        Scenario scenario = Scenario.create(1500);
        scenario.settings().put("S2K_LOAD_CHUNK_ROWS", "100");
        scenario.settings().put("S2K_LOAD_ROWS_PER_SECOND", "2000");
        WorkerConfig config = scenario.config();
        try (KinesisClient kinesis = LoadStack.createStream(config, 2);
                InProcessWorker worker = new InProcessWorker(config, kinesis)) {
            scenario.awaitSlot();
            try (Writers writers = new Writers(postgres, scenario.table(), 1600, 2, 15)) {
                assertThat(scenario.backfill()).isZero();
                scenario.awaitBackfillDone("true", Duration.ofSeconds(90));
                assertThat(writers.transactions()).isPositive();
            }
            Consumer consumer = new Consumer(kinesis, config.kinesis().stream(), scenario.table());
            assertRebuiltEqualsTable(consumer, scenario.table());
            assertThat(consumer.loads).hasSizeBetween(1000, 1600);
            assertThat(allRecords(kinesis, config.kinesis().stream())).extracting(LoadIT::position)
                    .as("backfill and stream positions").doesNotHaveDuplicates();
            assertThat(Long.parseLong(scenario.requestState("chunks", "true"))).isGreaterThanOrEqualTo(10);
        }
    }

    @Test
    void restartInTheMiddleOfABackfillResumesFromTheLastChunkAndEndsIdentical() throws Exception {
        Scenario scenario = Scenario.create(3000);
        scenario.settings().put("S2K_LOAD_CHUNK_ROWS", "100");
        scenario.settings().put("S2K_LOAD_ROWS_PER_SECOND", "800");
        WorkerConfig config = scenario.config();
        try (KinesisClient kinesis = LoadStack.createStream(config, 2);
                Writers writers = new Writers(postgres, scenario.table(), 3100, 2, 15)) {
            try (InProcessWorker first = new InProcessWorker(config, kinesis)) {
                scenario.awaitSlot();
                assertThat(scenario.backfill()).isZero();
                LoadStack.awaitUntil("15 chunks are done", Duration.ofSeconds(60), () -> {
                    String chunks = scenario.requestState("chunks", "true");
                    return chunks != null && Long.parseLong(chunks) >= 15;
                });
            }
            String stoppedAt = scenario.requestState("last_key", "true");
            assertThat(scenario.requestState("state", "true")).isEqualTo("running");
            try (InProcessWorker second = new InProcessWorker(config, kinesis)) {
                scenario.awaitBackfillDone("true", Duration.ofSeconds(90));
                writers.close();
                Consumer consumer = new Consumer(kinesis, config.kinesis().stream(), scenario.table());
                assertRebuiltEqualsTable(consumer, scenario.table());
                assertThat(consumer.loads).as("resumed after key %s rather than starting over", stoppedAt)
                        .hasSizeLessThan(3000 + 300);
            }
        }
    }

    /** kinesis-local slows down as records accumulate; on a busy machine the backfill paces itself to it. */
    @Test
    @Timeout(420)
    void initialLoadInterruptedMidTableIsFinishedAsABackfillOfTheUnfinishedTable() throws Exception {
        int n = LoadStack.next();
        String small = "aaa_small_" + n;
        postgres.execute("CREATE TABLE " + small + " (id int PRIMARY KEY, v text, n int)",
                "INSERT INTO " + small + " SELECT g, 'v' || g, 0 FROM generate_series(1, 100) g");
        Scenario scenario = Scenario.create(4000, small);
        scenario.settings().put("S2K_INITIAL_LOAD", "on-create");
        scenario.settings().put("S2K_LOAD_ROWS_PER_SECOND", "1000");
        scenario.settings().put("S2K_LOAD_CHUNK_ROWS", "500");
        WorkerConfig config = scenario.config();
        String comment = "SELECT obj_description(oid, 'pg_publication') FROM pg_publication WHERE pubname = '"
                + config.publication() + "'";
        try (KinesisClient kinesis = LoadStack.createStream(config, 2);
                Writers writers = new Writers(postgres, scenario.table(), 4100, 1, 5)) {
            try (InProcessWorker first = new InProcessWorker(config, kinesis)) {
                scenario.awaitSlot();
                LoadStack.awaitUntil("the initial load is in the second table", Duration.ofSeconds(30), () -> {
                    String text = LoadStack.single(postgres, comment);
                    return text != null && text.contains("loaded public." + small);
                });
                Thread.sleep(1500);
            }
            assertThat(LoadStack.single(postgres, comment)).contains("initial load of slot " + config.slot()
                    + " pending").doesNotContain("loaded public." + scenario.table());
            try (InProcessWorker second = new InProcessWorker(config, kinesis)) {
                scenario.awaitBackfillDone("table_name = 'public." + scenario.table() + "'",
                        Duration.ofSeconds(240));
                writers.close();
                assertThat(LoadStack.single(postgres, comment)).contains("initial load of slot " + config.slot()
                        + " done");
                Consumer consumer = new Consumer(kinesis, config.kinesis().stream(), scenario.table());
                assertRebuiltEqualsTable(consumer, scenario.table());
                Consumer smallConsumer = new Consumer(kinesis, config.kinesis().stream(), small);
                assertRebuiltEqualsTable(smallConsumer, small);
                assertThat(scenario.requestState("id", "table_name = 'public." + small + "'"))
                        .as("the table loaded before the interruption is not re-read").isNull();
            }
        }
    }

    /** Every record of the stream so far, parsed. */
    private static List<JsonNode> allRecords(KinesisClient kinesis, String stream) {
        StreamReader reader = new StreamReader(kinesis, stream);
        reader.poll(record -> {});
        return reader.records().stream().map(LoadIT::json).toList();
    }

    private static JsonNode json(Record record) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(record.data().asString(
                    StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void backfillReadsNoChunkWhileATransactionRunningAtItsLowWatermarkIsOpenAndNamesItsSession() throws Exception {
        Scenario scenario = Scenario.create(300);
        scenario.settings().put("S2K_LOAD_CHUNK_ROWS", "100");
        WorkerConfig config = scenario.config();
        try (KinesisClient kinesis = LoadStack.createStream(config, 2);
                InProcessWorker worker = new InProcessWorker(config, kinesis)) {
            scenario.awaitSlot();
            Consumer consumer = new Consumer(kinesis, config.kinesis().stream(), scenario.table());
            int pid;
            try (Connection held = postgres.connect(); Statement statement = held.createStatement()) {
                held.setAutoCommit(false);
                statement.execute("UPDATE " + scenario.table() + " SET v = 'held', n = n + 1 WHERE id = 150");
                try (ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
                    row.next();
                    pid = row.getInt(1);
                }
                assertThat(scenario.backfill()).isZero();
                LoadStack.awaitUntil("the request names the open transaction's session", Duration.ofSeconds(60),
                        () -> {
                            String message = scenario.requestState("message", "true");
                            return message != null && message.contains("backend pid " + pid);
                        });

                assertThat(scenario.requestState("message", "true")).startsWith("waiting 10 s for transaction ")
                        .contains("to end before reading the first chunk of backfill #");
                assertThat(scenario.requestState("chunks", "true")).isEqualTo("0");
                assertThat(scenario.requestState("state", "true")).isEqualTo("pending");
                consumer.poll();
                assertThat(consumer.loads).as("no chunk was read while the transaction is open").isEmpty();
                held.commit();
            }
            scenario.awaitBackfillDone("true", Duration.ofSeconds(90));
            assertRebuiltEqualsTable(consumer, scenario.table());
            assertThat(consumer.poll()).containsEntry(150, "held|1");
            assertThat(consumer.loads).hasSize(300);
            assertThat(scenario.requestState("message", "true")).as("the wait's message is cleared").isNull();
        }
    }

    /**
     * Reproduces the gap between a commit record and its visibility: with a synchronous standby that never connects,
     * a COMMIT writes its record (which logical decoding streams) and then waits, still invisible to new snapshots.
     * A chunk read in that state would see the old row and publish it after the newer change.
     */
    @Test
    void aChangeStreamedBeforeTheLowWatermarkButNotYetVisibleIsNeverFollowedByItsOlderRow() throws Exception {
        Scenario scenario = Scenario.create(50);
        WorkerConfig config = scenario.config();
        Thread committer = null;
        try (KinesisClient kinesis = LoadStack.createStream(config, 1);
                InProcessWorker worker = new InProcessWorker(config, kinesis);
                Connection writer = postgres.connect(); Statement statement = writer.createStatement()) {
            scenario.awaitSlot();
            Consumer consumer = new Consumer(kinesis, config.kinesis().stream(), scenario.table());
            postgres.execute("ALTER SYSTEM SET synchronous_commit = 'local'",
                    "ALTER SYSTEM SET synchronous_standby_names = 'nobody'", "SELECT pg_reload_conf()");
            Thread.sleep(1000);
            statement.execute("SET synchronous_commit = on");
            writer.setAutoCommit(false);
            statement.execute("UPDATE " + scenario.table() + " SET v = 'newer', n = 1 WHERE id = 10");
            committer = Thread.ofPlatform().start(() -> {
                try {
                    writer.commit();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            LoadStack.awaitUntil("the update streamed while its commit waits for the standby", Duration.ofSeconds(60),
                    () -> "newer|1".equals(consumer.poll().get(10)));
            assertThat(LoadStack.single(postgres, "SELECT v FROM " + scenario.table() + " WHERE id = 10"))
                    .as("the committed update is not visible yet").isEqualTo("v10");

            assertThat(scenario.backfill()).isZero();
            LoadStack.awaitUntil("the backfill waits for the transaction", Duration.ofSeconds(60), () -> {
                String message = scenario.requestState("message", "true");
                return message != null && message.startsWith("waiting 10 s for transaction ");
            });
            consumer.poll();
            assertThat(consumer.loads).as("no chunk read while the update is invisible").isEmpty();
            postgres.execute("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE wait_event = 'SyncRep'");
            committer.join(30_000);

            scenario.awaitBackfillDone("true", Duration.ofSeconds(60));
            assertRebuiltEqualsTable(consumer, scenario.table());
            assertThat(consumer.poll()).containsEntry(10, "newer|1");
            assertThat(consumer.loads).hasSize(50);
        } finally {
            postgres.execute("ALTER SYSTEM RESET synchronous_standby_names", "ALTER SYSTEM RESET synchronous_commit",
                    "SELECT pg_reload_conf()");
            if (committer != null) {
                committer.join(30_000);
            }
        }
    }

    @Test
    void theSignalTableIsLeftOutOfThePublicationTheWorkerCreatesEvenWhenTheMappingSelectsIt() throws Exception {
        int n = LoadStack.next();
        String table = "load_" + n;
        Map<String, String> settings = LoadStack.settings(postgres, kinesisLocal.endpoint(), n);
        String signals = LoadConfig.parseTable(settings.get("S2K_SIGNAL_TABLE")).name();
        postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v text, n int)",
                "INSERT INTO " + table + " SELECT g, 'v' || g, 0 FROM generate_series(1, 50) g",
                new SignalTable(null, new TableId("public", signals)).ddl());
        Path mappings = Files.createTempFile("s2k-mappings", ".json");
        Files.writeString(mappings, "{\"rules\": [" + include("1", table) + ", " + include("2", signals) + "]}");
        settings.put("S2K_TABLE_MAPPINGS", mappings.toString());
        Scenario scenario = new Scenario(table, settings);
        WorkerConfig config = scenario.config();
        try (KinesisClient kinesis = LoadStack.createStream(config, 1);
                InProcessWorker worker = new InProcessWorker(config, kinesis)) {
            scenario.awaitSlot();
            assertThat(LoadStack.single(postgres, "SELECT string_agg(tablename, ',') FROM pg_publication_tables"
                    + " WHERE pubname = '" + config.publication() + "'")).isEqualTo(table);
            assertThat(scenario.backfill()).isZero();
            scenario.awaitBackfillDone("true", Duration.ofSeconds(60));
            Consumer consumer = new Consumer(kinesis, config.kinesis().stream(), table);
            assertRebuiltEqualsTable(consumer, table);
            assertThat(allRecords(kinesis, config.kinesis().stream()))
                    .noneMatch(record -> record.path("metadata").path("table-name").asText().equals(signals));
        } finally {
            Files.delete(mappings);
        }
    }

    private static String include(String id, String table) {
        return "{\"rule-type\": \"selection\", \"rule-id\": \"" + id + "\", \"rule-name\": \"" + id + "\","
                + " \"object-locator\": {\"schema-name\": \"public\", \"table-name\": \"" + table + "\"},"
                + " \"rule-action\": \"include\"}";
    }

    @Test
    void aSignalTableInAnExistingPublicationIsIgnoredAndTheLogSaysHowToTakeItOut() throws Exception {
        int n = LoadStack.next();
        String signals = "s2k_signals_" + n;
        postgres.execute(new SignalTable(null, new TableId("public", signals)).ddl());
        Scenario scenario = Scenario.create(50, signals);
        scenario.settings().put("S2K_SIGNAL_TABLE", "public." + signals);
        WorkerConfig config = scenario.config();
        try (CapturedErr log = new CapturedErr();
                KinesisClient kinesis = LoadStack.createStream(config, 1);
                InProcessWorker worker = new InProcessWorker(config, kinesis)) {
            scenario.awaitSlot();
            assertThat(scenario.backfill()).isZero();
            scenario.awaitBackfillDone("true", Duration.ofSeconds(60));
            Consumer consumer = new Consumer(kinesis, config.kinesis().stream(), scenario.table());
            assertRebuiltEqualsTable(consumer, scenario.table());

            assertThat(log.text()).contains("publication '" + config.publication() + "' has the signal table public."
                    + signals + " (S2K_SIGNAL_TABLE)").contains("ALTER PUBLICATION \"" + config.publication()
                    + "\" DROP TABLE \"public\".\"" + signals + "\"");
            assertThat(allRecords(kinesis, config.kinesis().stream()))
                    .noneMatch(record -> record.path("metadata").path("table-name").asText().equals(signals));
        }
    }

    @Test
    void loadAndBackfillRecordsInTheDebeziumFormatHaveOpR() throws Exception {
        Scenario scenario = Scenario.create(40);
        scenario.settings().put("S2K_FORMAT", "debezium");
        scenario.settings().put("S2K_INITIAL_LOAD", "on-create");
        WorkerConfig config = scenario.config();
        try (KinesisClient kinesis = LoadStack.createStream(config, 1);
                InProcessWorker worker = new InProcessWorker(config, kinesis)) {
            scenario.awaitSlot();
            StreamReader reader = new StreamReader(kinesis, config.kinesis().stream());
            reader.awaitRecords(records -> records.size() >= 40, Duration.ofSeconds(60));
            postgres.execute("UPDATE " + scenario.table() + " SET n = 1 WHERE id = 1");
            assertThat(scenario.backfill()).isZero();
            scenario.awaitBackfillDone("true", Duration.ofSeconds(60));
            List<JsonNode> records = reader.awaitRecords(all -> all.size() >= 81, Duration.ofSeconds(60)).stream()
                    .map(LoadIT::json).filter(record -> record.path("source").path("table").asText()
                            .equals(scenario.table())).toList();

            List<JsonNode> reads = records.stream().filter(record -> record.path("op").asText().equals("r"))
                    .toList();
            assertThat(reads).as("40 rows of the initial load and 40 of the backfill").hasSize(80);
            assertThat(reads).allMatch(record -> record.path("after").has("id")
                    && record.path("before").isNull() && record.path("source").path("snapshot").asText()
                    .equals("true"));
            assertThat(records).filteredOn(record -> record.path("op").asText().equals("u")).hasSize(1);
        }
    }

    @Test
    void backfillOfATableWithoutPrimaryKeyIsRefusedOnTheCommandLineAndInTheRequestNamingTheTableAndTheFix()
            throws Exception {
        Scenario scenario = Scenario.create(10);
        String nokey = "nokey_" + scenario.slot();
        postgres.execute("CREATE TABLE " + nokey + " (v text)");
        postgres.execute("ALTER TABLE " + nokey + " REPLICA IDENTITY FULL");
        String[] args = {"backfill", "--table=public." + nokey, "--PGHOST=" + postgres.host(),
            "--PGPORT=" + postgres.port(), "--S2K_SLOT=" + scenario.slot(),
            "--S2K_SIGNAL_TABLE=" + scenario.signalTable()};
        try (CapturedErr log = new CapturedErr()) {
            assertThat(Main.execute(args)).isEqualTo(1);
            assertThat(log.text()).contains("table public." + nokey + " has no primary key, so it cannot be "
                    + "backfilled").contains("REPLICA IDENTITY FULL is not enough").contains("add a primary key");
        }
        assertThat(scenario.backfill("--where=no_such_column > 1")).isEqualTo(1);

        postgres.execute(new SignalTable(null, LoadConfig.parseTable(scenario.signalTable())).ddl(),
                "INSERT INTO " + scenario.signalTable() + " (slot, table_name) VALUES ('" + scenario.slot()
                        + "', 'public." + nokey + "')");
        WorkerConfig config = scenario.config();
        try (KinesisClient kinesis = LoadStack.createStream(config, 1);
                InProcessWorker worker = new InProcessWorker(config, kinesis)) {
            LoadStack.awaitUntil("the request failed", Duration.ofSeconds(60),
                    () -> "failed".equals(scenario.requestState("state", "true")));
            assertThat(scenario.requestState("message", "true")).startsWith("table public." + nokey
                    + " has no primary key, so it cannot be backfilled").contains("add a primary key");
        }
    }
}
