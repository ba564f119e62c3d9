package io.slot2kinesis.it.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.records.Changes;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.it.target.TargetExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The table mapping decides what is captured: the test mapping ({@code table-mappings.json}) excludes tables named
 * {@code unselected%}. A table without a primary key has only its inserts published, and the application can still
 * update and delete its rows.
 */
@ExtendWith(TargetExtension.class)
class TableSelectionIT {

    @Test
    @Timeout(120)
    void publishesNothingOfAnUnselectedTableAndOnlyInsertsOfATableWithoutPrimaryKey(Target target)
            throws SQLException, InterruptedException {
        ScenarioSpec spec = ScenarioSpec.named("selection");
        String selected = spec.table("selected");
        String unselected = spec.table("unselected");
        String noKey = spec.table("nokey");
        spec.setup("CREATE TABLE " + selected + " (id int PRIMARY KEY, v text)",
                "CREATE TABLE " + unselected + " (id int PRIMARY KEY, v text)",
                "CREATE TABLE " + noKey + " (id int, v text)");
        try (Scenario scenario = target.begin(spec)) {
            scenario.execute("INSERT INTO " + unselected + " VALUES (1, 'x')",
                    "UPDATE " + unselected + " SET v = 'y'", "DELETE FROM " + unselected,
                    "INSERT INTO " + noKey + " VALUES (1, 'a'), (2, 'b')");
            try (Connection connection = scenario.connect(); Statement statement = connection.createStatement()) {
                assertThat(statement.executeUpdate("UPDATE " + noKey + " SET v = 'changed' WHERE id = 1"))
                        .as("the application's UPDATE of a table without primary key succeeds").isEqualTo(1);
                assertThat(statement.executeUpdate("DELETE FROM " + noKey + " WHERE id = 2"))
                        .as("the application's DELETE of a table without primary key succeeds").isEqualTo(1);
            }
            scenario.execute("INSERT INTO " + noKey + " VALUES (3, 'c')",
                    "INSERT INTO " + selected + " VALUES (1, 'sentinel')");

            // The sentinel and the keyless table's rows have different partition keys, so either may come first;
            // the keyless table's last insert (id 3) comes after its earlier records, which share its key.
            List<ChangeRecord> records = scenario.await("the sentinel row of " + selected + " and row 3 of " + noKey,
                    got -> got.stream().anyMatch(r -> r.table().equals(selected))
                            && got.stream().anyMatch(r -> r.table().equals(noKey) && r.intValue("id") == 3),
                    Duration.ofSeconds(60));
            Thread.sleep(1000);
            List<ChangeRecord> settled = scenario.await("what came in another second", got -> true, Duration.ZERO);

            assertThat(settled).as("records of the unselected table %s:\n%s", unselected, Changes.describe(settled))
                    .noneMatch(r -> r.table().equals(unselected));
            assertThat(Changes.inCommitOrder(settled).stream().filter(r -> r.table().equals(noKey)).toList())
                    .as("records of %s, a table without primary key:\n%s", noKey, Changes.describe(records))
                    .extracting(r -> r.operation() + ":" + r.intValue("id") + ":" + r.data().path("v").asText())
                    .containsExactly("insert:1:a", "insert:2:b", "insert:3:c");
        }
    }
}
