package io.slot2kinesis.it.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.records.Changes;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.it.target.TargetExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A table created after the worker started, which the mappings select. The publication the worker created lists
 * the tables selected at that moment, so the new table's changes are not captured until it is added to the
 * publication (the documented remedy, README "Tables created later"); from the ADD TABLE on, the running worker
 * streams them without a restart. Changes made before the ADD TABLE are not in the stream.
 */
@ExtendWith(TargetExtension.class)
class TableCreatedLaterIT {

    @Test
    @Timeout(120)
    void streamsATableCreatedLaterFromItsAddToThePublicationWithoutARestart(Target target) {
        ScenarioSpec spec = ScenarioSpec.named("latertable");
        String anchor = spec.table("anchor");
        String later = spec.table("later");
        spec.setup("CREATE TABLE " + anchor + " (id int PRIMARY KEY)");
        try (Scenario scenario = target.begin(spec)) {
            assumeTrue(scenario.local().isPresent(), "the scenario adds the table to the local worker's publication,"
                    + " whose name it knows; skipped on " + target.describe());
            scenario.execute("CREATE TABLE " + later + " (id int PRIMARY KEY, v text)",
                    "INSERT INTO " + later + " VALUES (1, 'before the add')",
                    "INSERT INTO " + anchor + " VALUES (1)");
            List<ChangeRecord> first = scenario.await("the anchor row written after the table's first row",
                    got -> got.stream().anyMatch(r -> r.table().equals(anchor)), Duration.ofSeconds(60));
            assertThat(first).as("nothing of the table before it is in the publication")
                    .noneMatch(r -> r.table().equals(later));

            scenario.execute("ALTER PUBLICATION " + spec.unique("pub") + " ADD TABLE " + later,
                    "UPDATE " + later + " SET v = 'after the add' WHERE id = 1",
                    "INSERT INTO " + later + " VALUES (2, 'new')",
                    "DELETE FROM " + later + " WHERE id = 2",
                    "INSERT INTO " + anchor + " VALUES (2)");
            List<ChangeRecord> all = Changes.inCommitOrder(scenario.awaitChanges(5, Duration.ofSeconds(60)));

            assertThat(all).as("every change in commit order:\n%s", Changes.describe(all))
                    .extracting(r -> (r.table().equals(anchor) ? "anchor " : "later ") + r.operation() + ":"
                            + r.intValue("id") + ":" + r.data().path("v").asText(""))
                    .containsExactly("anchor insert:1:", "later update:1:after the add", "later insert:2:new",
                            "later delete:2:", "anchor insert:2:");
        }
    }
}
