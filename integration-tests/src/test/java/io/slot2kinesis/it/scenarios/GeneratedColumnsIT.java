package io.slot2kinesis.it.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.records.Changes;
import io.slot2kinesis.it.records.RecordCheck;
import io.slot2kinesis.it.target.CaptureMode;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.it.target.TargetExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Generated columns. pgoutput does not publish stored generated columns (PostgreSQL before 18, and 18 unless the
 * publication sets {@code publish_generated_columns}), so the worker's records leave them out: a consumer computes
 * them from the columns they are made of, which are all there. Identity columns are ordinary columns and are there.
 */
@ExtendWith(TargetExtension.class)
class GeneratedColumnsIT {

    @Test
    @Timeout(120)
    void leavesStoredGeneratedColumnsOutAndKeepsIdentityColumns(Target target) {
        ScenarioSpec spec = ScenarioSpec.named("generated");
        String table = spec.table("lines");
        spec.setup("CREATE TABLE " + table + " (id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                + " price numeric(10,2) NOT NULL, qty int NOT NULL,"
                + " total numeric GENERATED ALWAYS AS (price * qty) STORED)");
        try (Scenario scenario = target.begin(spec)) {
            scenario.execute("INSERT INTO " + table + " (price, qty) VALUES (1.50, 2)",
                    "UPDATE " + table + " SET qty = 3 WHERE id = 1",
                    "DELETE FROM " + table + " WHERE id = 1");
            List<ChangeRecord> records = Changes.inCommitOrder(scenario.awaitChanges(3, Duration.ofSeconds(60)));

            assertThat(records).as("%s", Changes.describe(records)).extracting(ChangeRecord::operation)
                    .containsExactly("insert", "update", "delete");
            CaptureMode mode = scenario.mode();
            RecordCheck insert = RecordCheck.of("row id=1 (insert)", records.get(0), mode)
                    .json("data.id", "1").json("data.price", "\"1.50\"").json("data.qty", "2");
            RecordCheck update = RecordCheck.of("row id=1 (update)", records.get(1), mode)
                    .json("data.id", "1").json("data.price", "\"1.50\"").json("data.qty", "3");
            RecordCheck delete = RecordCheck.of("row id=1 (delete)", records.get(2), mode).json("data.id", "1")
                    .fields("data", Set.of("id"));
            if (mode == CaptureMode.WORKER) {
                insert.fields("data", Set.of("id", "price", "qty"));
                update.fields("data", Set.of("id", "price", "qty"));
            }
            RecordCheck.verifyAll(List.of(insert, update, delete));
        }
    }
}
