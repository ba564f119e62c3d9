package io.slot2kinesis.it.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.consumer.ChangeFeed;
import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.records.Changes;
import io.slot2kinesis.it.records.ConsumerCopy;
import io.slot2kinesis.it.records.RecordCheck;
import io.slot2kinesis.it.target.CaptureMode;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.it.target.TargetExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Table-level events while streaming: TRUNCATE and a new column. */
@ExtendWith(TargetExtension.class)
class SchemaChangesIT {

    @Test
    @Timeout(120)
    void publishesTruncateAndAnAddedColumnAsControlRecordsInCommitOrder(Target target) {
        ScenarioSpec spec = ScenarioSpec.named("schema");
        String table = spec.table("accounts");
        spec.setup("CREATE TABLE " + table + " (id int PRIMARY KEY, name text)");
        try (Scenario scenario = target.begin(spec)) {
            scenario.execute("INSERT INTO " + table + " VALUES (1, 'one')", "TRUNCATE " + table,
                    "INSERT INTO " + table + " VALUES (2, 'two')",
                    "ALTER TABLE " + table + " ADD COLUMN note text",
                    "INSERT INTO " + table + " VALUES (3, 'three', 'noted')",
                    "UPDATE " + table + " SET note = 'later' WHERE id = 2");
            boolean truncates = scenario.mode() == CaptureMode.WORKER;
            int expected = truncates ? 6 : 5;

            List<ChangeRecord> records = Changes.inCommitOrder(scenario.awaitChanges(expected,
                    Duration.ofSeconds(60)));

            String listing = Changes.describe(records);
            // DMS does not replicate TRUNCATE (record-formats.md): in DMS mode only the rest is checked.
            List<String> operations = truncates
                    ? List.of("data:insert", "control:truncate-table", "data:insert", "control:add-column",
                            "data:insert", "data:update")
                    : List.of("data:insert", "data:insert", "control:add-column", "data:insert", "data:update");
            assertThat(records).as("records in commit order:\n%s", listing)
                    .extracting(r -> r.recordType() + ":" + r.operation()).containsExactlyElementsOf(operations);
            if (truncates) {
                RecordCheck.of("the TRUNCATE", records.get(1), scenario.mode()).text("metadata.table-name", table)
                        .text("metadata.schema-name", "public").verify();
            }
            ChangeRecord added = records.get(truncates ? 3 : 2);
            RecordCheck addColumn = RecordCheck.of("the added column", added, scenario.mode())
                    .text("metadata.table-name", table);
            if (scenario.mode() == CaptureMode.WORKER) {
                addColumn.json("data.columns", "[{\"name\": \"id\", \"type\": \"int4\", \"key\": true},"
                        + " {\"name\": \"name\", \"type\": \"text\", \"key\": false},"
                        + " {\"name\": \"note\", \"type\": \"text\", \"key\": false}]");
            }
            addColumn.verify();
            RecordCheck.of("row id=3 (insert after the new column)", records.get(records.size() - 2),
                    scenario.mode()).json("data", "{\"id\": 3, \"name\": \"three\", \"note\": \"noted\"}").verify();
            RecordCheck.of("row id=2 (update of the new column)", records.get(records.size() - 1), scenario.mode())
                    .json("data", "{\"id\": 2, \"name\": \"two\", \"note\": \"later\"}").verify();
        }
    }

    /**
     * One transaction that truncates the table, adds a column, writes, adds another and writes again: each schema
     * change is its own record, numbered just before the change it precedes, so a consumer that de-duplicates by
     * position (the library, per key: the truncate and both column changes share the key {@code schema.table})
     * drops none of them, and the rebuilt table matches the database.
     */
    @Test
    @Timeout(120)
    void keepsEverySchemaChangeOfOneTransactionApartFromItsTruncateAndRows(Target target) throws Exception {
        ScenarioSpec spec = ScenarioSpec.named("schema_tx");
        String table = spec.table("ledger");
        spec.setup("CREATE TABLE " + table + " (id int PRIMARY KEY, name text)",
                "INSERT INTO " + table + " VALUES (1, 'gone')");
        try (Scenario scenario = target.begin(spec)) {
            scenario.execute("BEGIN; TRUNCATE " + table + "; ALTER TABLE " + table + " ADD COLUMN a text; INSERT INTO "
                    + table + " VALUES (2, 'two', 'a2'); ALTER TABLE " + table + " ADD COLUMN b text; INSERT INTO "
                    + table + " VALUES (3, 'three', 'a3', 'b3'); UPDATE " + table + " SET b = 'b2' WHERE id = 2; COMMIT");
            boolean worker = scenario.mode() == CaptureMode.WORKER;
            // The worker: truncate, two column changes, two inserts, an update. DMS replicates no TRUNCATE
            // (record-formats.md).
            List<ChangeRecord> records = Changes.inCommitOrder(Changes.distinct(scenario.awaitChanges(worker ? 6 : 5,
                    Duration.ofSeconds(60))));
            if (worker) {
                assertThat(records).as("records in commit order:\n%s", Changes.describe(records))
                        .extracting(r -> r.recordType() + ":" + r.operation()).containsExactly(
                                "control:truncate-table", "control:add-column", "data:insert", "control:add-column",
                                "data:insert", "data:update");
            }

            ConsumerCopy copy = ConsumerCopy.verifyMatchesDatabase(scenario, Map.of(table, "id"), Set.of(),
                    Duration.ofSeconds(30));
            assertThat(copy.outcomes()).as(copy.summary()).doesNotContainKeys(ChangeFeed.Outcome.DUPLICATE,
                    ChangeFeed.Outcome.BEFORE_TRUNCATE);
        }
    }
}
