package io.slot2kinesis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.slot2kinesis.check.Finding;
import io.slot2kinesis.check.SetupCheck;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.localstack.StreamReader;
import io.slot2kinesis.mapping.TableMappingException;
import io.slot2kinesis.pipeline.LocalStackFixture.Names;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Two table groups over one database: two workers, each with its own S2K_GROUP, slot and publication. Each writes to
 * a stream of its own here, so that where a record arrives shows which slot carried it (a deployment shares one).
 */
@Timeout(240)
class TableGroupsIT {
    private static final String GROUPS = """
            {"groups": [
              {"name": "a", "tables": [{"schema-name": "public", "table-name": "ga[_]%"}]},
              {"name": "rest", "default": true}
            ]}""";
    private static LocalStackFixture stack;

    @BeforeAll
    static void start() {
        stack = new LocalStackFixture();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static Map<String, String> groupSettings(Names names, Path groupsFile, String group) {
        Map<String, String> settings = stack.settings(names);
        settings.put("S2K_TABLE_GROUPS", groupsFile.toString());
        settings.put("S2K_GROUP", group);
        settings.put("S2K_STREAM", names.stream() + "-" + group);
        return settings;
    }

    @Test
    void eachGroupStreamsItsOwnTablesThroughItsOwnSlotAndTakesTheTablesCreatedLaterThatMatchIt(@TempDir Path dir)
            throws Exception {
        Path groupsFile = Files.writeString(dir.resolve("table-groups.json"), GROUPS);
        Names names = stack.newNames();
        List<String> groupA = List.of("ga_orders", "ga_items");
        List<String> rest = List.of("customers");
        for (String table : List.of("ga_orders", "ga_items", "customers")) {
            stack.postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, status text)");
        }
        WorkerConfig configA = stack.config(groupSettings(names, groupsFile, "a"));
        WorkerConfig configRest = stack.config(groupSettings(names, groupsFile, "rest"));
        assertThat(configA.slot()).isEqualTo(names.slot() + "_a");
        assertThat(configRest.publication()).isEqualTo(names.publication() + "_rest");
        try (KinesisClient kinesisA = stack.createStream(configA, 2);
                KinesisClient kinesisRest = stack.createStream(configRest, 2);
                InProcessWorker workerA = new InProcessWorker(configA, kinesisA);
                InProcessWorker workerRest = new InProcessWorker(configRest, kinesisRest)) {
            awaitUntil("both slots exist", () -> stack.confirmedFlush(configA.slot()).asLong() > 0
                    && stack.confirmedFlush(configRest.slot()).asLong() > 0);
            assertThat(published(configA.publication())).containsExactlyInAnyOrderElementsOf(groupA);
            assertThat(published(configRest.publication())).containsExactlyInAnyOrderElementsOf(rest);

            // Transactions that span both groups: each group's worker sends its part.
            for (int i = 1; i <= 20; i++) {
                stack.postgres.execute("BEGIN", "INSERT INTO ga_orders VALUES (" + i + ", 'new')",
                        "INSERT INTO ga_items VALUES (" + i + ", 'new')", "INSERT INTO customers VALUES (" + i
                                + ", 'new')", "COMMIT");
            }
            for (String status : List.of("paid", "shipped")) {
                int upTo = status.equals("paid") ? 10 : 5;
                stack.postgres.execute("BEGIN", "UPDATE ga_orders SET status = '" + status + "' WHERE id <= " + upTo,
                        "UPDATE ga_items SET status = '" + status + "' WHERE id <= " + upTo,
                        "UPDATE customers SET status = '" + status + "' WHERE id <= " + upTo, "COMMIT");
            }

            List<JsonNode> inA = awaitDistinct(kinesisA, configA, 70);
            List<JsonNode> inRest = awaitDistinct(kinesisRest, configRest, 35);
            assertThat(inA).hasSize(70);
            assertThat(inRest).hasSize(35);
            assertThat(tables(inA)).containsExactlyInAnyOrderElementsOf(groupA);
            assertThat(tables(inRest)).containsExactlyInAnyOrderElementsOf(rest);
            for (List<JsonNode> key : Changes.byKey(concat(inA, inRest)).values()) {
                int id = key.get(0).path("data").path("id").asInt();
                List<String> expected = id <= 5 ? List.of("new", "paid", "shipped")
                        : id <= 10 ? List.of("new", "paid") : List.of("new");
                assertThat(key).extracting(r -> r.path("data").path("status").asText()).containsExactlyElementsOf(
                        expected);
            }

            stack.postgres.execute("CREATE TABLE ga_later (id int PRIMARY KEY, status text)",
                    "CREATE TABLE other_later (id int PRIMARY KEY, status text)");
            awaitUntil("the workers add the tables created later", () -> published(configA.publication())
                    .contains("ga_later") && published(configRest.publication()).contains("other_later"));
            assertThat(published(configA.publication())).doesNotContain("other_later");
            assertThat(published(configRest.publication())).doesNotContain("ga_later");
            stack.postgres.execute("INSERT INTO ga_later VALUES (1, 'later')",
                    "INSERT INTO other_later VALUES (1, 'later')");
            List<JsonNode> laterA = awaitTable(kinesisA, configA, "ga_later");
            List<JsonNode> laterRest = awaitTable(kinesisRest, configRest, "other_later");
            assertThat(laterA).extracting(r -> r.path("data").path("status").asText()).contains("later");
            assertThat(laterRest).extracting(r -> r.path("data").path("status").asText()).contains("later");
            assertThat(tables(read(kinesisA, configA))).doesNotContain("other_later", "customers");
            assertThat(tables(read(kinesisRest, configRest))).doesNotContain("ga_later", "ga_orders", "ga_items");

            List<Finding> findings = SetupCheck.ofGroup(configA, Wiring.from(configA).selection(),
                    Wiring.from(configA).groups(), Wiring.from(configA).mappingSelection(), kinesisA).run();
            assertThat(findings).anySatisfy(finding -> {
                assertThat(finding.subject()).isEqualTo("group a (this)");
                assertThat(finding.detail()).startsWith("3 table(s); slot " + configA.slot() + " active (PID ");
                assertThat(finding.detail()).contains(", confirmed ", ", lag ");
            });
            assertThat(findings).anySatisfy(finding -> {
                assertThat(finding.subject()).isEqualTo("group rest");
                assertThat(finding.detail()).startsWith("2 table(s), default; slot " + configRest.slot() + " active");
            });
        }
    }

    @Test
    void anUnknownGroupStopsTheWorkerAtStartListingTheGroups(@TempDir Path dir) throws Exception {
        Path groupsFile = Files.writeString(dir.resolve("table-groups.json"), GROUPS);
        WorkerConfig config = stack.config(groupSettings(stack.newNames(), groupsFile, "b"));
        assertThatThrownBy(() -> Wiring.from(config)).isInstanceOf(TableMappingException.class)
                .hasMessage("S2K_GROUP 'b' is not a group of " + groupsFile + ": use one of [a, rest]");
    }

    @Test
    void aTableTwoGroupsClaimStopsTheWorkerAndFailsCheckNamingTheTableAndBothGroups(@TempDir Path dir)
            throws Exception {
        stack.postgres.execute("CREATE TABLE gc_orders (id int PRIMARY KEY)");
        Path groupsFile = Files.writeString(dir.resolve("table-groups.json"), """
                {"groups": [
                  {"name": "a", "tables": [{"schema-name": "public", "table-name": "gc[_]%"}]},
                  {"name": "b", "tables": [{"schema-name": "public", "table-name": "%orders"}]},
                  {"name": "rest", "default": true}
                ]}""");
        Names names = stack.newNames();
        WorkerConfig config = stack.config(groupSettings(names, groupsFile, "a"));
        String conflict = groupsFile + ": table public.gc_orders matches the patterns of groups 'a' and 'b': a table "
                + "belongs to exactly one group; narrow the patterns of one of them";
        Wiring wiring = Wiring.from(config);
        try (KinesisClient kinesis = stack.createStream(config, 1)) {
            List<Finding> findings = SetupCheck.ofGroup(config, wiring.selection(), wiring.groups(),
                    wiring.mappingSelection(), kinesis).run();
            assertThat(findings).anySatisfy(finding -> {
                assertThat(finding.level()).isEqualTo(Finding.Level.FAIL);
                assertThat(finding.subject()).isEqualTo("table public.gc_orders");
                assertThat(finding.detail()).isEqualTo(conflict);
            });
            InProcessWorker worker = new InProcessWorker(config, kinesis);
            worker.awaitEnd(Duration.ofSeconds(90));
            assertThat(worker.isRunning()).isFalse();
            assertThat(worker.failure()).isInstanceOf(TableMappingException.class).hasMessage(conflict);
            worker.close();
        } finally {
            stack.postgres.execute("DROP TABLE gc_orders");
        }
    }

    private static List<String> published(String publication) {
        String list = stack.single("SELECT string_agg(tablename, ',') FROM pg_publication_tables WHERE pubname = '"
                + publication + "'");
        return list == null ? List.of() : List.of(list.split(","));
    }

    private static Set<String> tables(List<JsonNode> records) {
        return records.stream().map(r -> r.path("metadata").path("table-name").asText()).collect(Collectors.toSet());
    }

    private static List<JsonNode> concat(List<JsonNode> first, List<JsonNode> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }

    private static List<JsonNode> awaitDistinct(KinesisClient kinesis, WorkerConfig config, int count)
            throws InterruptedException {
        return Changes.distinct(LocalStackFixture.awaitChanges(kinesis, config.kinesis().stream(), count,
                Duration.ofSeconds(90)));
    }

    private static List<JsonNode> awaitTable(KinesisClient kinesis, WorkerConfig config, String table)
            throws InterruptedException {
        StreamReader reader = new StreamReader(kinesis, config.kinesis().stream());
        return LocalStackFixture.parse(reader.awaitRecords(read -> tables(LocalStackFixture.parse(read))
                .contains(table), Duration.ofSeconds(90))).stream()
                .filter(r -> r.path("metadata").path("table-name").asText().equals(table)).toList();
    }

    private static List<JsonNode> read(KinesisClient kinesis, WorkerConfig config) {
        StreamReader reader = new StreamReader(kinesis, config.kinesis().stream());
        reader.poll(record -> {});
        return LocalStackFixture.parse(reader.records());
    }

    private static void awaitUntil(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 90 s waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
