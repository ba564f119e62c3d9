package io.slot2kinesis.it.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.records.Changes;
import io.slot2kinesis.it.target.LocalControls;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.it.target.TargetExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A table created after the worker started, which the mappings select. The worker created its publication, so it adds
 * the table to it within a few seconds, without a restart, and files a backfill of it in the same transaction: rows
 * written before the add (which pgoutput never sends: it decides membership with the catalog as of each change)
 * arrive as {@code load} records, later changes as usual. A table without a primary key goes into the insert-only
 * publication and cannot be backfilled: its earlier rows are missing, and the worker's warning names it.
 */
@ExtendWith(TargetExtension.class)
class TableCreatedLaterIT {

    @Test
    @Timeout(180)
    void addsATableCreatedLaterToItsPublicationAndBackfillsTheRowsWrittenBeforeTheAdd(Target target)
            throws SQLException, InterruptedException {
        ScenarioSpec spec = ScenarioSpec.named("latertable");
        String anchor = spec.table("anchor");
        String later = spec.table("later");
        String keyless = spec.table("keyless");
        spec.setup("CREATE TABLE " + anchor + " (id int PRIMARY KEY)");
        try (Scenario scenario = target.begin(spec)) {
            assumeTrue(scenario.local().isPresent(), "the scenario reads the local worker's publication and log;"
                    + " skipped on " + target.describe());
            // In the table's creating transaction: certainly before the worker can add it.
            scenario.transaction("CREATE TABLE " + later + " (id int PRIMARY KEY, v text)",
                    "INSERT INTO " + later + " VALUES (1, 'before the add'), (2, 'before the add')",
                    "CREATE TABLE " + keyless + " (v text)",
                    "INSERT INTO " + keyless + " VALUES ('before the add')");
            scenario.await("the rows written before the add, as load records of the backfill",
                    got -> got.stream().filter(r -> r.table().equals(later) && r.operation().equals("load"))
                            .count() == 2, Duration.ofSeconds(60));
            // The worker adds the two tables one after the other: the first one's backfill may arrive first.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (publicationOf(scenario, keyless).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(publicationOf(scenario, keyless)).as("the keyless table's publication")
                    .containsExactly(spec.unique("pub") + "_insert_only");

            scenario.execute("UPDATE " + later + " SET v = 'after the add' WHERE id = 1",
                    "INSERT INTO " + later + " VALUES (3, 'new')",
                    "DELETE FROM " + later + " WHERE id = 3",
                    "INSERT INTO " + keyless + " VALUES ('after the add')",
                    "INSERT INTO " + anchor + " VALUES (1)");
            // The anchor row's partition key is its own: the other rows' records may come after it, so all seven
            // changes are awaited.
            List<ChangeRecord> all = scenario.await("seven changes, the anchor row written last among them",
                    got -> got.size() >= 7 && got.stream().anyMatch(r -> r.table().equals(anchor)),
                    Duration.ofSeconds(60));

            assertThat(Changes.inCommitOrder(all)).as("every record, each once:\n%s", Changes.describe(all))
                    .extracting(r -> (r.table().equals(anchor) ? "anchor" : r.table().equals(later) ? "later"
                            : "keyless") + " " + r.operation() + ":" + r.data().path("id").asText("") + ":"
                            + r.data().path("v").asText(""))
                    .containsExactly("later load:1:before the add", "later load:2:before the add",
                            "later update:1:after the add", "later insert:3:new", "later delete:3:",
                            "keyless insert::after the add", "anchor insert:1:");
            LocalControls local = scenario.local().orElseThrow();
            assertThat(local.workerLog()).as("the worker's log")
                    .containsPattern("added table public\\." + later + " to publication '" + spec.unique("pub")
                            + "' .*backfill #\\d+")
                    .contains("table public." + keyless + " was added to publication '" + spec.unique("pub")
                            + "_insert_only' after it was created; rows written to it before that are not in the "
                            + "stream (it has no primary key");
        }
    }

    private static List<String> publicationOf(Scenario scenario, String table) throws SQLException {
        List<String> publications = new ArrayList<>();
        try (Connection connection = scenario.connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT pubname FROM pg_publication_tables WHERE tablename = '"
                        + table + "' ORDER BY 1")) {
            while (row.next()) {
                publications.add(row.getString(1));
            }
        }
        return publications;
    }
}
