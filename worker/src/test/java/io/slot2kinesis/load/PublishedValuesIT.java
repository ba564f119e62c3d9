package io.slot2kinesis.load;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.cli.Main;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.localstack.KinesisLocal;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.StreamReader;
import io.slot2kinesis.pipeline.InProcessWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Values that need more than a column's text to render right (money, arrays with bounds, domains), and a
 * publication's column list and row filter: the initial load, the stream and a backfill must publish the same
 * columns, rows and JSON.
 */
@Timeout(180)
class PublishedValuesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
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

    @Test
    void loadStreamAndBackfillRenderDomainsMoneyAndArraysAlikeAndKeepToTheColumnListAndRowFilter() throws Exception {
        int n = LoadStack.next();
        String table = "vals_" + n;
        Map<String, String> settings = LoadStack.settings(postgres, kinesisLocal.endpoint(), n);
        settings.put("S2K_INITIAL_LOAD", "on-create");
        // rich values: only JSON arrays and embedded JSON show whether a domain (or an array of one) was resolved
        settings.put("S2K_DMS_VALUES", "rich");
        postgres.execute("CREATE DOMAIN positive_" + n + " AS int CHECK (VALUE > 0)",
                "CREATE DOMAIN small_" + n + " AS positive_" + n + " CHECK (VALUE < 100)",
                "CREATE DOMAIN flag_" + n + " AS bool", "CREATE DOMAIN doc_" + n + " AS jsonb",
                "CREATE TABLE " + table + " (id int PRIMARY KEY, price money, tags text[], qty positive_" + n
                        + ", deep small_" + n + ", ok flag_" + n + ", doc doc_" + n + ", qtys positive_" + n
                        + "[], secret text, region text)",
                "INSERT INTO " + table + " VALUES " + row(1, "eu") + ", " + row(2, "eu") + ", " + row(3, "us"),
                "CREATE PUBLICATION " + settings.get("S2K_PUBLICATION") + " FOR TABLE " + table
                        + " (id, price, tags, qty, deep, ok, doc, qtys, region) WHERE (region = 'eu')");
        WorkerConfig config = WorkerConfig.load(Map.of(), settings);
        try (KinesisClient kinesis = LoadStack.createStream(config, 1);
                InProcessWorker worker = new InProcessWorker(config, kinesis)) {
            StreamReader reader = new StreamReader(kinesis, config.kinesis().stream());
            reader.awaitRecords(records -> records.size() >= 2, Duration.ofSeconds(60));
            postgres.execute("INSERT INTO " + table + " VALUES " + row(4, "eu") + ", " + row(5, "us"));
            reader.awaitRecords(records -> records.size() >= 3, Duration.ofSeconds(60));
            assertThat(Main.execute("backfill", "--table=public." + table, "--PGHOST=" + postgres.host(),
                    "--PGPORT=" + postgres.port(), "--S2K_SLOT=" + config.slot(),
                    "--S2K_SIGNAL_TABLE=" + settings.get("S2K_SIGNAL_TABLE"))).isZero();
            List<JsonNode> records = reader.awaitRecords(all -> all.size() >= 6, Duration.ofSeconds(60)).stream()
                    .map(record -> json(record.data().asString(StandardCharsets.UTF_8))).toList();

            // The test waits for each step's records before the next step; within a step keys differ, and the
            // stream keeps order per key only.
            List<String> described = records.stream().map(r -> r.path("metadata").path("operation").asText() + " "
                    + r.path("data").path("id").asInt()).toList();
            assertThat(described).as("rows of region eu only").hasSize(6);
            assertThat(described.subList(0, 2)).as("the initial load").containsExactlyInAnyOrder("load 1", "load 2");
            assertThat(described.get(2)).as("the insert").isEqualTo("insert 4");
            assertThat(described.subList(3, 6)).as("the backfill").containsExactlyInAnyOrder("load 1", "load 2",
                    "load 4");
            for (JsonNode record : records) {
                int id = record.path("data").path("id").asInt();
                assertThat(record.path("data")).as("%s of row %d", record.path("metadata").path("operation"), id)
                        .isEqualTo(json("{\"id\": " + id + ", \"price\": \"-1234.5" + id + "\","
                                + " \"tags\": \"[0:1]={a,b}\", \"qty\": " + id + ", \"deep\": " + (id + 10) + ","
                                + " \"ok\": \"true\", \"doc\": {\"k\": [" + id + "]}, \"qtys\": [" + id + ", 2],"
                                + " \"region\": \"eu\"}"));
            }
        }
    }

    @Test
    void aBackfillOfATableWhoseColumnListLeavesOutItsKeyIsRefusedSayingWhatToAdd() throws Exception {
        int n = LoadStack.next();
        String table = "nokeycols_" + n;
        Map<String, String> settings = LoadStack.settings(postgres, kinesisLocal.endpoint(), n);
        postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v text)",
                "INSERT INTO " + table + " VALUES (1, 'one')",
                "CREATE PUBLICATION " + settings.get("S2K_PUBLICATION") + " FOR TABLE " + table
                        + " (v) WITH (publish = 'insert')");
        WorkerConfig config = WorkerConfig.load(Map.of(), settings);
        String state = "SELECT state || ': ' || message FROM " + settings.get("S2K_SIGNAL_TABLE");
        try (KinesisClient kinesis = LoadStack.createStream(config, 1);
                InProcessWorker worker = new InProcessWorker(config, kinesis)) {
            assertThat(Main.execute("backfill", "--table=public." + table, "--PGHOST=" + postgres.host(),
                    "--PGPORT=" + postgres.port(), "--S2K_SLOT=" + config.slot(),
                    "--S2K_SIGNAL_TABLE=" + settings.get("S2K_SIGNAL_TABLE"))).isZero();
            LoadStack.awaitUntil("the request failed", Duration.ofSeconds(60),
                    () -> String.valueOf(LoadStack.single(postgres, state)).startsWith("failed"));

            assertThat(LoadStack.single(postgres, state)).startsWith("failed: the worker's publications publish table "
                    + "public." + table + " with a column list that leaves out part of its primary key")
                    .contains("add the key columns to the column list");
        }
    }

    /** Row {@code id}: every column derived from it, so a record's values can be told from its id. */
    private static String row(int id, String region) {
        return "(" + id + ", -1234.5" + id + ", '[0:1]={a,b}', " + id + ", " + (id + 10) + ", true, '{\"k\": [" + id
                + "]}', '{" + id + ",2}', 'secret " + id + "', '" + region + "')";
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
