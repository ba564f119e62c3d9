package io.slot2kinesis.it.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A large TOASTed value that an update does not touch must never arrive as NULL. */
@ExtendWith(TargetExtension.class)
class ToastIT {
    private static final int DOCUMENT_CHARS = 4000 * 32;

    @Test
    @Timeout(120)
    void leavesAnUnchangedToastedColumnOutOfTheUpdateInsteadOfNullingIt(Target target) {
        ScenarioSpec spec = ScenarioSpec.named("toast");
        String table = spec.table("documents");
        spec.setup("CREATE TABLE " + table + " (id int PRIMARY KEY, status text, document text)");
        String document = "string_agg(md5(g::text), '') FROM generate_series(1, 4000) g";
        try (Scenario scenario = target.begin(spec)) {
            scenario.execute("INSERT INTO " + table + " SELECT 1, 'new', " + document,
                    "UPDATE " + table + " SET status = 'changed' WHERE id = 1",
                    "UPDATE " + table + " SET document = 'short now', status = 'rewritten' WHERE id = 1");

            List<ChangeRecord> records = scenario.awaitChanges(3, Duration.ofSeconds(60));

            assertThat(records).as("records of row id=1:\n%s", Changes.describe(records)).hasSize(3)
                    .extracting(ChangeRecord::operation).containsExactly("insert", "update", "update");
            JsonNode inserted = records.get(0).data().path("document");
            assertThat(inserted.asText()).as("the inserted document").hasSize(DOCUMENT_CHARS);
            RecordCheck untouched = RecordCheck.of("row id=1 (update of status only)", records.get(1),
                    scenario.mode()).text("data.status", "changed");
            JsonNode document1 = records.get(1).data().get("document");
            if (document1 != null && !document1.asText().equals(inserted.asText())) {
                untouched.problem("data.document: expected absent (unchanged TOAST value) or the whole value, but was "
                        + (document1.isNull() ? "null: the value would be erased downstream" : "a different value"));
            }
            if (scenario.mode() == CaptureMode.WORKER) {
                untouched.absent("data.document").json("metadata.unchanged-columns", "[\"document\"]");
            }
            untouched.verify();
            RecordCheck.of("row id=1 (update of the document)", records.get(2), scenario.mode())
                    .text("data.document", "short now").text("data.status", "rewritten")
                    .absent("metadata.unchanged-columns").verify();
        }
    }
}
