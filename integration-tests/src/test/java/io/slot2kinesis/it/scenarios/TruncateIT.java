package io.slot2kinesis.it.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.records.Changes;
import io.slot2kinesis.it.target.CaptureMode;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.it.target.TargetExtension;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * TRUNCATE of several tables in one statement, and TRUNCATE ... CASCADE through a foreign key: one
 * {@code truncate-table} control record per table, in the truncating transaction, numbered with its other changes.
 * DMS does not replicate TRUNCATE: in DMS mode only the row changes arrive.
 */
@ExtendWith(TargetExtension.class)
class TruncateIT {

    @Test
    @Timeout(120)
    void truncatesOfSeveralTablesAndCascadesEachGiveOneRecordPerTableInTheirTransaction(Target target)
            throws InterruptedException {
        ScenarioSpec spec = ScenarioSpec.named("truncate");
        String a = spec.table("ta");
        String b = spec.table("tb");
        String c = spec.table("tc");
        String parent = spec.table("parent");
        String child = spec.table("child");
        spec.setup("CREATE TABLE " + a + " (id int PRIMARY KEY, v text)",
                "CREATE TABLE " + b + " (id int PRIMARY KEY, v text)",
                "CREATE TABLE " + c + " (id int PRIMARY KEY, v text)",
                "CREATE TABLE " + parent + " (id int PRIMARY KEY)",
                "CREATE TABLE " + child + " (id int PRIMARY KEY, parent_id int NOT NULL REFERENCES " + parent + ")");
        Map<String, String> names = Map.of(a, "a", b, "b", c, "c", parent, "parent", child, "child");
        try (Scenario scenario = target.begin(spec)) {
            scenario.transaction("INSERT INTO " + a + " VALUES (1, 'x')", "INSERT INTO " + b + " VALUES (1, 'x')",
                    "INSERT INTO " + c + " VALUES (1, 'x')");
            scenario.execute("TRUNCATE " + a + ", " + b + ", " + c);
            scenario.execute("INSERT INTO " + a + " VALUES (2, 'after')");
            scenario.transaction("INSERT INTO " + parent + " VALUES (1)", "INSERT INTO " + child + " VALUES (10, 1)");
            scenario.transaction("INSERT INTO " + c + " VALUES (3, 'before the cascade')",
                    "TRUNCATE " + parent + " CASCADE");
            scenario.execute("INSERT INTO " + parent + " VALUES (2)");

            boolean dms = scenario.mode() == CaptureMode.DMS;
            List<String> expected = Stream.of("insert a 1", "insert b 1", "insert c 1",
                    "truncate-table a", "truncate-table b", "truncate-table c",
                    "insert a 2", "insert parent 1", "insert child 10",
                    "insert c 3", "truncate-table parent", "truncate-table child",
                    "insert parent 2").filter(e -> !dms || !e.startsWith("truncate")).toList();
            scenario.await(expected.size() + " changes", got -> got.size() >= expected.size(),
                    Duration.ofSeconds(60));
            Thread.sleep(1000);
            List<ChangeRecord> arrived = scenario.await("stragglers", got -> true, Duration.ZERO);
            List<ChangeRecord> ordered = Changes.inCommitOrder(arrived);
            String listing = Changes.describe(ordered);

            assertThat(ordered).as("every change in commit order:\n%s", listing)
                    .extracting(r -> r.operation() + " " + names.get(r.table())
                            + (r.operation().startsWith("truncate") ? "" : " " + r.intValue("id")))
                    .containsExactlyElementsOf(expected);
            assertThat(Changes.keyOrderViolations(arrived)).as("each key in commit order").isEmpty();
            Set<String> pairs = new HashSet<>();
            assertThat(ordered).as("de-duplication pairs are unique:\n%s", listing)
                    .allMatch(r -> pairs.add(r.position()));
            if (!dms) {
                List<ChangeRecord> truncates = ordered.subList(3, 6);
                assertThat(truncates).as("one transaction truncates a, b and c, positions 1..3:\n%s", listing)
                        .extracting(ChangeRecord::transactionRecordId).containsExactly(1, 2, 3);
                assertThat(truncates).extracting(ChangeRecord::transaction)
                        .containsOnly(truncates.get(0).transaction());
                List<ChangeRecord> cascade = ordered.subList(9, 12);
                assertThat(cascade).as("the cascade follows the insert of its transaction:\n%s", listing)
                        .extracting(ChangeRecord::transactionRecordId).containsExactly(1, 2, 3);
                assertThat(cascade).extracting(ChangeRecord::transaction).containsOnly(cascade.get(0).transaction());
                for (ChangeRecord truncate : Stream.concat(truncates.stream(), cascade.stream().skip(1)).toList()) {
                    assertThat(truncate.recordType()).as("truncate is a control record: %s", truncate)
                            .isEqualTo("control");
                    assertThat(truncate.key()).as("a truncate is keyed by its table").isEqualTo("public."
                            + truncate.table());
                }
            }
        }
    }
}
