package io.slot2kinesis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.change.TableId;
import io.slot2kinesis.check.Finding;
import io.slot2kinesis.check.SetupCheck;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.load.BackfillClient;
import io.slot2kinesis.load.CapturedErr;
import io.slot2kinesis.pipeline.LocalStackFixture.Names;
import io.slot2kinesis.replication.Catalog;
import io.slot2kinesis.replication.CatalogTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.replication.LogSequenceNumber;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Tables of every shape PostgreSQL allows, end to end: partitioned tables selected by their parent, each replica
 * identity, an UPDATE of the primary key, and quoted, mixed-case, 63-byte names.
 */
@Timeout(180)
class TableShapesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalStackFixture stack;

    @BeforeAll
    static void start() {
        stack = new LocalStackFixture();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** A worker on fresh names, selecting exactly the given tables through a DMS mapping file when any are given. */
    private static final class Run implements AutoCloseable {
        final Names names = stack.newNames();
        final Map<String, String> settings = stack.settings(names);
        WorkerConfig config;
        KinesisClient kinesis;
        InProcessWorker worker;
        Path mappings;

        Run select(TableId... tables) throws Exception {
            StringBuilder rules = new StringBuilder();
            for (int i = 0; i < tables.length; i++) {
                rules.append(i == 0 ? "" : ", ").append(JSON.writeValueAsString(Map.of("rule-type", "selection",
                        "rule-id", Integer.toString(i + 1), "rule-name", "r" + (i + 1), "rule-action", "include",
                        "object-locator", Map.of("schema-name", tables[i].schema(), "table-name", tables[i].name()))));
            }
            mappings = Files.createTempFile("s2k-mappings", ".json");
            Files.writeString(mappings, "{\"rules\": [" + rules + "]}");
            settings.put("S2K_TABLE_MAPPINGS", mappings.toString());
            return this;
        }

        Run with(Consumer<Map<String, String>> change) {
            change.accept(settings);
            return this;
        }

        Run start() throws InterruptedException {
            config = stack.config(settings);
            kinesis = stack.createStream(config, 1);
            worker = new InProcessWorker(config, kinesis);
            awaitUntil("the slot exists", () -> stack.confirmedFlush(names.slot()).asLong() > 0);
            return this;
        }

        String publication() {
            return names.publication();
        }

        /** Waits for {@code count} distinct records, then until the slot is past every change made so far. */
        List<JsonNode> awaitAll(int count) throws InterruptedException {
            LocalStackFixture.awaitChanges(kinesis, names.stream(), count, Duration.ofSeconds(60));
            LogSequenceNumber now = stack.currentWal();
            awaitUntil("the slot is acknowledged past " + now.asString(),
                    () -> stack.confirmedFlush(names.slot()).asLong() >= now.asLong());
            return Changes.distinct(LocalStackFixture.awaitChanges(kinesis, names.stream(), count,
                    Duration.ofSeconds(60)));
        }

        @Override
        public void close() throws Exception {
            try {
                if (worker != null) {
                    worker.close();
                }
            } finally {
                if (kinesis != null) {
                    kinesis.close();
                }
                if (mappings != null) {
                    Files.delete(mappings);
                }
            }
        }
    }

    private static void awaitUntil(String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    private static String operation(JsonNode record) {
        return record.path("metadata").path("operation").asText();
    }

    private static String key(JsonNode record) {
        return record.path("metadata").path("partition-key-value").asText();
    }

    /** {@code orders_<n>} partitioned by region, with partitions eu and us. */
    private static String createPartitioned(Run run) {
        String table = "orders_" + run.names.slot();
        stack.postgres.execute("CREATE TABLE " + table + " (id int, region text, v text, PRIMARY KEY (id, region))"
                        + " PARTITION BY LIST (region)",
                "CREATE TABLE " + table + "_eu PARTITION OF " + table + " FOR VALUES IN ('eu')",
                "CREATE TABLE " + table + "_us PARTITION OF " + table + " FOR VALUES IN ('us')");
        return table;
    }

    @Test
    void capturesAPartitionedTableSelectedByItsParentThroughAttachAndDetach() throws Exception {
        try (Run run = new Run()) {
            String table = createPartitioned(run);
            run.select(new TableId("public", table)).start();
            assertThat(stack.single("SELECT pubviaroot FROM pg_publication WHERE pubname = '" + run.publication()
                    + "'")).isEqualTo("t");

            stack.postgres.execute("INSERT INTO " + table + " VALUES (1, 'eu', 'a'), (2, 'us', 'a')",
                    "UPDATE " + table + " SET v = 'b' WHERE id = 1", "DELETE FROM " + table + " WHERE id = 2",
                    "CREATE TABLE " + table + "_asia (id int NOT NULL, region text NOT NULL, v text)",
                    "ALTER TABLE " + table + " ATTACH PARTITION " + table + "_asia FOR VALUES IN ('asia')",
                    "INSERT INTO " + table + " VALUES (3, 'asia', 'attached')",
                    "ALTER TABLE " + table + " DETACH PARTITION " + table + "_us",
                    "INSERT INTO " + table + "_us VALUES (4, 'us', 'detached: no longer the parent''s')",
                    "INSERT INTO " + table + " VALUES (5, 'eu', 'last')");

            List<JsonNode> records = run.awaitAll(6);

            assertThat(records).allSatisfy(r -> assertThat(r.path("metadata").path("table-name").asText())
                    .isEqualTo(table));
            assertThat(records).extracting(r -> key(r) + " " + operation(r)).containsExactlyInAnyOrder(
                    "public." + table + ".1.eu insert", "public." + table + ".1.eu update",
                    "public." + table + ".2.us insert", "public." + table + ".2.us delete",
                    "public." + table + ".3.asia insert", "public." + table + ".5.eu insert");
        }
    }

    @Test
    void mapsPartitionsToTheirParentWhenAnExistingPublicationDoesNotPublishViaTheRoot() throws Exception {
        try (Run run = new Run()) {
            String table = createPartitioned(run);
            stack.postgres.execute("CREATE PUBLICATION " + run.publication() + " FOR TABLE " + table);
            run.select(new TableId("public", table)).start();

            stack.postgres.execute("INSERT INTO " + table + " VALUES (1, 'eu', 'a'), (2, 'us', 'a')",
                    "UPDATE " + table + " SET v = 'b' WHERE id = 2");

            List<JsonNode> records = run.awaitAll(3);
            assertThat(records).extracting(r -> r.path("metadata").path("table-name").asText() + " " + key(r))
                    .containsExactlyInAnyOrder(table + " public." + table + ".1.eu",
                            table + " public." + table + ".2.us", table + " public." + table + ".2.us");
            List<Finding> findings = new SetupCheck(run.config, Wiring.from(run.config).selection(), run.kinesis).run();
            assertThat(findings).anySatisfy(finding -> {
                assertThat(finding.level()).isEqualTo(Finding.Level.WARN);
                assertThat(finding.fix()).isEqualTo("ALTER PUBLICATION \"" + run.publication()
                        + "\" SET (publish_via_partition_root = true)");
            });
            assertThat(findings).noneSatisfy(finding -> assertThat(finding.detail()).contains("not in publication"));
        }
    }

    @Test
    void loadsAndBackfillsAPartitionedTableOnceThroughItsParent() throws Exception {
        try (Run run = new Run()) {
            String table = createPartitioned(run);
            stack.postgres.execute("INSERT INTO " + table + " SELECT g, CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END,"
                    + " 'v' FROM generate_series(1, 10) g");
            run.select(new TableId("public", table)).with(s -> s.put("S2K_INITIAL_LOAD", "on-create")).start();

            List<JsonNode> loaded = run.awaitAll(10);
            assertThat(loaded).allSatisfy(r -> {
                assertThat(operation(r)).isEqualTo("load");
                assertThat(r.path("metadata").path("table-name").asText()).isEqualTo(table);
            });
            assertThat(loaded).extracting(TableShapesIT::key).doesNotHaveDuplicates().hasSize(10);

            try (BackfillClient backfill = new BackfillClient(run.config.database(), run.config.slot(),
                    run.config.load().signalTable())) {
                long id = backfill.request(new TableId("public", table), null);
                awaitUntil("the backfill is done", () -> {
                    try {
                        return backfill.find(id).orElseThrow().finished();
                    } catch (java.sql.SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                assertThat(backfill.find(id).orElseThrow().state()).isEqualTo("done");
                assertThat(backfill.find(id).orElseThrow().rowsSent()).isEqualTo(10);
            }
            List<JsonNode> all = run.awaitAll(20);
            assertThat(all.subList(10, 20)).allSatisfy(r -> {
                assertThat(operation(r)).isEqualTo("load");
                assertThat(r.path("metadata").path("table-name").asText()).isEqualTo(table);
            });
            assertThat(all.subList(10, 20)).extracting(TableShapesIT::key)
                    .containsExactlyInAnyOrderElementsOf(loaded.stream().map(TableShapesIT::key).toList());
        }
    }

    @Test
    void keepsOnePartitionKeyPerRowUnderEveryReplicaIdentity() throws Exception {
        try (Run run = new Run()) {
            String n = run.names.slot();
            stack.postgres.execute(
                    "CREATE TABLE full_pk_" + n + " (id int PRIMARY KEY, v text)",
                    "ALTER TABLE full_pk_" + n + " REPLICA IDENTITY FULL",
                    "CREATE TABLE full_nopk_" + n + " (id int, v text)",
                    "ALTER TABLE full_nopk_" + n + " REPLICA IDENTITY FULL",
                    "CREATE TABLE idx_" + n + " (id int PRIMARY KEY, code text NOT NULL, v text)",
                    "CREATE UNIQUE INDEX idx_code_" + n + " ON idx_" + n + " (code)",
                    "ALTER TABLE idx_" + n + " REPLICA IDENTITY USING INDEX idx_code_" + n,
                    "CREATE TABLE nothing_" + n + " (id int PRIMARY KEY, v text)",
                    "ALTER TABLE nothing_" + n + " REPLICA IDENTITY NOTHING",
                    "CREATE TABLE dflt_" + n + " (id int PRIMARY KEY, v text)");
            run.start();
            for (String table : List.of("full_pk_", "full_nopk_", "nothing_", "dflt_")) {
                stack.postgres.execute("INSERT INTO " + table + n + " VALUES (1, 'a')",
                        "UPDATE " + table + n + " SET v = 'b'", "DELETE FROM " + table + n);
            }
            stack.postgres.execute("INSERT INTO idx_" + n + " VALUES (1, 'c1', 'a')", "UPDATE idx_" + n
                    + " SET v = 'b'", "DELETE FROM idx_" + n);

            Map<String, List<JsonNode>> byKey = Changes.byKey(run.awaitAll(13));

            assertThat(byKey.keySet()).containsExactlyInAnyOrder("public.full_pk_" + n + ".1",
                    "public.full_nopk_" + n, "public.idx_" + n + ".c1", "public.nothing_" + n + ".1",
                    "public.dflt_" + n + ".1");
            assertThat(byKey.get("public.full_pk_" + n + ".1")).extracting(r -> operation(r) + " "
                    + r.path("before-image") + " " + r.path("data")).containsExactly(
                    "insert  {\"id\":1,\"v\":\"a\"}",
                    "update {\"id\":1,\"v\":\"a\"} {\"id\":1,\"v\":\"b\"}",
                    "delete  {\"id\":1,\"v\":\"b\"}");
            assertThat(byKey.get("public.full_nopk_" + n)).extracting(r -> operation(r) + " "
                    + r.path("before-image") + " " + r.path("data")).containsExactly(
                    "insert  {\"id\":1,\"v\":\"a\"}",
                    "update {\"id\":1,\"v\":\"a\"} {\"id\":1,\"v\":\"b\"}",
                    "delete  {\"id\":1,\"v\":\"b\"}");
            assertThat(byKey.get("public.idx_" + n + ".c1")).extracting(r -> operation(r) + " "
                    + r.path("before-image") + " " + r.path("data")).containsExactly(
                    "insert  {\"id\":1,\"code\":\"c1\",\"v\":\"a\"}",
                    "update  {\"id\":1,\"code\":\"c1\",\"v\":\"b\"}",
                    "delete  {\"code\":\"c1\"}");
            // Without a replica identity only inserts are published (the insert-only publication).
            assertThat(byKey.get("public.nothing_" + n + ".1")).extracting(TableShapesIT::operation)
                    .containsExactly("insert");
            assertThat(byKey.get("public.dflt_" + n + ".1")).extracting(r -> operation(r) + " "
                    + r.path("before-image") + " " + r.path("data")).containsExactly(
                    "insert  {\"id\":1,\"v\":\"a\"}",
                    "update  {\"id\":1,\"v\":\"b\"}",
                    "delete  {\"id\":1}");
        }
    }

    /**
     * {@code FOR TABLE parent} without {@code ONLY} also publishes every inheritance child, and a child does not
     * inherit the primary key: a keyless child in a publication of updates makes the application's UPDATE on it fail.
     */
    @Test
    void publishesOnlyTheSelectedInheritanceParentSoAKeylessChildStaysWritable() throws Exception {
        try (Run run = new Run()) {
            String parent = "parent_" + run.names.slot();
            String child = "child_" + run.names.slot();
            stack.postgres.execute("CREATE TABLE " + parent + " (id int PRIMARY KEY, v text)",
                    "CREATE TABLE " + child + " (extra int) INHERITS (" + parent + ")");
            run.select(new TableId("public", parent)).start();
            assertThat(stack.single("SELECT string_agg(pubname || ':' || tablename, ',') FROM pg_publication_tables"
                    + " WHERE pubname IN ('" + run.publication() + "', '" + run.publication() + "_insert_only')"))
                    .isEqualTo(run.publication() + ":" + parent);

            stack.postgres.execute("INSERT INTO " + child + " VALUES (1, 'a', 1)",
                    "UPDATE " + child + " SET v = 'b'",
                    "INSERT INTO " + parent + " VALUES (2, 'a')",
                    // touches the child's row too (a statement on the parent scans its children)
                    "UPDATE " + parent + " SET v = 'c'",
                    "DELETE FROM " + child,
                    "DELETE FROM " + parent + " WHERE id = 2");

            List<JsonNode> records = run.awaitAll(3);
            assertThat(records).extracting(r -> r.path("metadata").path("table-name").asText() + " " + key(r) + " "
                    + operation(r)).containsExactly(parent + " public." + parent + ".2 insert",
                    parent + " public." + parent + ".2 update", parent + " public." + parent + ".2 delete");
        }
    }

    @Test
    void anUpdateOfThePrimaryKeyIsADeleteUnderTheOldKeyThenAnInsertUnderTheNewOne() throws Exception {
        try (Run run = new Run()) {
            String table = "moves_" + run.names.slot();
            stack.postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v text)");
            run.start();
            stack.postgres.execute("INSERT INTO " + table + " VALUES (1, 'a')",
                    "UPDATE " + table + " SET id = 2, v = 'moved' WHERE id = 1");

            // Order holds per key only: the two halves have different keys, so they are sorted by position here.
            List<JsonNode> records = run.awaitAll(3).stream().sorted(java.util.Comparator.comparing(
                    (JsonNode r) -> LogSequenceNumber.valueOf(r.path("metadata").path("commit-lsn").asText()).asLong())
                    .thenComparing(r -> r.path("metadata").path("transaction-record-id").asInt())).toList();

            assertThat(records).extracting(r -> key(r) + " " + operation(r) + " " + r.path("data") + " "
                    + r.path("metadata").path("new-key") + r.path("metadata").path("old-key")).containsExactly(
                    "public." + table + ".1 insert {\"id\":1,\"v\":\"a\"} ",
                    "public." + table + ".1 delete {\"id\":1} {\"id\":2}",
                    "public." + table + ".2 insert {\"id\":2,\"v\":\"moved\"} {\"id\":1}");
            assertThat(records.subList(1, 3)).extracting(Changes::position).containsExactly(
                    records.get(1).path("metadata").path("commit-lsn").asText() + "#1",
                    records.get(1).path("metadata").path("commit-lsn").asText() + "#2");
        }
    }

    @Test
    void streamsQuotedMixedCaseAndSixtyThreeByteNamesExactly() throws Exception {
        try (Run run = new Run()) {
            String schema = "Sales Dept " + run.names.slot();
            String table = ("Order \"Items\" " + run.names.slot() + " ").concat("x".repeat(63)).substring(0, 63);
            String column = "CustomerReference".concat("Y".repeat(63)).substring(0, 63);
            TableId id = new TableId(schema, table);
            stack.postgres.execute("CREATE SCHEMA " + TableId.quote(schema),
                    "CREATE TABLE " + id.quoted() + " (\"Id\" int PRIMARY KEY, " + TableId.quote(column) + " text)");
            run.select(id).start();
            stack.postgres.execute("INSERT INTO " + id.quoted() + " VALUES (7, 'a')",
                    "UPDATE " + id.quoted() + " SET " + TableId.quote(column) + " = 'b'",
                    "DELETE FROM " + id.quoted());

            List<JsonNode> records = run.awaitAll(3);

            assertThat(records).extracting(TableShapesIT::operation).containsExactly("insert", "update", "delete");
            assertThat(records).allSatisfy(r -> {
                assertThat(key(r)).isEqualTo(schema + "." + table + ".7");
                assertThat(r.path("metadata").path("schema-name").asText()).isEqualTo(schema);
                assertThat(r.path("metadata").path("table-name").asText()).isEqualTo(table);
                assertThat(r.path("data").path("Id").asInt()).isEqualTo(7);
            });
            assertThat(records.get(1).path("data").path(column).asText()).isEqualTo("b");
        }
    }

    /**
     * An UNLOGGED table writes no WAL, so logical decoding never sees its changes, and PostgreSQL refuses to add it to
     * a publication. A wildcard that matches one must not stop the worker: it is left out and named in one warning;
     * once set LOGGED it is a selected table missing from the publication, added and backfilled like a new table.
     */
    @Test
    void leavesAnUnloggedTableOutWarnsOnceAndCapturesItOnceSetLogged() throws Exception {
        String schema = "scratch_" + stack.newNames().slot();
        TableId kept = new TableId(schema, "kept");
        TableId notes = new TableId(schema, "notes");
        TableId events = new TableId(schema, "events");
        TableId eventsUnlogged = new TableId(schema, "events_u");
        stack.postgres.execute("CREATE SCHEMA " + schema,
                "CREATE TABLE " + kept.quoted() + " (id int PRIMARY KEY, v text)",
                "CREATE UNLOGGED TABLE " + notes.quoted() + " (id int PRIMARY KEY, v text)",
                "INSERT INTO " + notes.quoted() + " VALUES (1, 'unlogged')",
                // PostgreSQL publishes a logged partitioned table whatever its partitions; this one's changes are lost.
                "CREATE TABLE " + events.quoted() + " (id int, kind text, PRIMARY KEY (id, kind))"
                        + " PARTITION BY LIST (kind)",
                "CREATE UNLOGGED TABLE " + eventsUnlogged.quoted() + " PARTITION OF " + events.quoted()
                        + " FOR VALUES IN ('u')");
        try (Connection session = stack.postgres.connect(); Statement statement = session.createStatement()) {
            statement.execute("CREATE TEMP TABLE " + schema + "_temp (id int)");
            assertThat(Catalog.unloggedTables(session)).contains(notes).doesNotContain(eventsUnlogged);
            assertThat(Catalog.unloggedPartitions(session)).containsEntry(eventsUnlogged, events);
            // A temporary table is in the session's pg_temp_N schema, which is left out with the system schemas.
            assertThat(Catalog.userTables(session)).extracting(CatalogTable::id).contains(kept)
                    .doesNotContain(notes).noneMatch(table -> table.schema().startsWith("pg_"));
        }
        try (CapturedErr err = new CapturedErr(); Run run = new Run()) {
            run.select(new TableId(schema, "%")).start();
            assertThat(stack.single("SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY tablename)"
                    + " FROM pg_publication_tables WHERE pubname = '" + run.publication() + "'"))
                    .isEqualTo(events.qualified() + "," + kept.qualified());

            stack.postgres.execute("INSERT INTO " + notes.quoted() + " VALUES (2, 'unlogged')",
                    "INSERT INTO " + kept.quoted() + " VALUES (1, 'a')");
            assertThat(run.awaitAll(1)).extracting(TableShapesIT::key).containsExactly(kept.qualified() + ".1");
            awaitUntil("the unlogged table is reported", () -> err.text().contains("SET LOGGED"));
            assertThat(err.text().lines().filter(line -> line.contains(notes.qualified()))).singleElement()
                    .satisfies(line -> assertThat(line).contains("WARN", "unlogged", "no tool can capture",
                            "ALTER TABLE " + notes.quoted() + " SET LOGGED"));
            awaitUntil("the unlogged partition is reported", () -> err.text().contains("partition "
                    + eventsUnlogged.qualified() + " of selected table " + events.qualified() + " is unlogged"));
            List<Finding> findings = new SetupCheck(run.config, Wiring.from(run.config).selection(), run.kinesis).run();
            assertThat(findings).filteredOn(f -> f.subject().equals("table " + notes.qualified())).singleElement()
                    .satisfies(f -> {
                        assertThat(f.level()).isEqualTo(Finding.Level.WARN);
                        assertThat(f.detail()).contains("unlogged");
                        assertThat(f.fix()).isEqualTo("ALTER TABLE " + notes.quoted() + " SET LOGGED");
                    });
            assertThat(findings).filteredOn(f -> f.subject().equals("table " + eventsUnlogged.qualified()))
                    .singleElement().satisfies(f -> assertThat(f.fix()).isEqualTo("ALTER TABLE "
                            + eventsUnlogged.quoted() + " SET LOGGED, then slot2kinesis backfill --table "
                            + events.qualified()));

            stack.postgres.execute("ALTER TABLE " + notes.quoted() + " SET LOGGED");
            // Added like a table created later: its rows from before the add arrive as load records (backfill).
            List<JsonNode> backfilled = run.awaitAll(3);
            assertThat(backfilled).extracting(r -> key(r) + " " + operation(r)).containsExactlyInAnyOrder(
                    kept.qualified() + ".1 insert", notes.qualified() + ".1 load", notes.qualified() + ".2 load");
            stack.postgres.execute("INSERT INTO " + notes.quoted() + " VALUES (3, 'logged')");
            assertThat(run.awaitAll(4)).extracting(r -> key(r) + " " + operation(r))
                    .contains(notes.qualified() + ".3 insert");
        } finally {
            stack.postgres.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }
}
