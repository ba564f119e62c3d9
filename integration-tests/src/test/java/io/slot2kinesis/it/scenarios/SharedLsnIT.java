package io.slot2kinesis.it.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.records.Changes;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.it.target.TargetExtension;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;

/**
 * Several changes at one WAL position: a multi-row INSERT, and COPY, whose rows PostgreSQL writes as one
 * multi-insert WAL record, so pgoutput gives every row of a batch the same change LSN. A consumer still tells them
 * apart by (commit LSN, position in the transaction), and a key's records still come in commit order.
 */
@ExtendWith(TargetExtension.class)
class SharedLsnIT {

    @Test
    @Timeout(120)
    void numbersChangesThatShareOneWalPositionByTheirPlaceInTheTransaction(Target target) throws SQLException {
        ScenarioSpec spec = ScenarioSpec.named("sharedlsn");
        String table = spec.table("items");
        spec.setup("CREATE TABLE " + table + " (id int PRIMARY KEY, name text)");
        try (Scenario scenario = target.begin(spec)) {
            List<String> all = runWorkload(scenario, table);
            List<ChangeRecord> arrived = scenario.await(all.size() + " changes", got -> got.size() >= all.size(),
                    Duration.ofSeconds(60));
            assertThat(Changes.keyOrderViolations(arrived)).as("each key's records arrive in commit order").isEmpty();
            List<ChangeRecord> ordered = Changes.inCommitOrder(arrived);

            assertExactly(ordered, all);
        }
    }

    /**
     * In the Debezium format the shared position shows: the COPY rows carry one {@code source.lsn}, and
     * {@code (source.commit_lsn, source.position)} still tells each apart.
     */
    @Test
    @Timeout(120)
    void copyRowsShareTheirChangeLsnButNotTheirDeduplicationPair(Target target) throws SQLException {
        ScenarioSpec spec = ScenarioSpec.named("sharedlsndbz").workerSetting("S2K_FORMAT", "debezium");
        String table = spec.table("items");
        spec.setup("CREATE TABLE " + table + " (id int PRIMARY KEY, name text)");
        try (Scenario scenario = target.begin(spec)) {
            org.junit.jupiter.api.Assumptions.assumeTrue(scenario.local().isPresent(), "the record format is chosen"
                    + " when the worker is deployed; this scenario sets S2K_FORMAT=debezium on a local worker");
            List<String> all = runWorkload(scenario, table);
            List<ChangeRecord> arrived = scenario.await(all.size() + " changes", got -> got.size() >= all.size(),
                    Duration.ofSeconds(60));
            assertThat(Changes.keyOrderViolations(arrived)).as("each key's records arrive in commit order").isEmpty();
            List<ChangeRecord> ordered = Changes.inCommitOrder(arrived);

            assertExactly(ordered, all);
            List<ChangeRecord> copied = ordered.subList(3, 8);
            assertThat(copied).as("the COPY rows, one multi-insert WAL record:\n%s", Changes.describe(copied))
                    .extracting(r -> r.json().path("source").path("lsn").asLong()).containsOnly(
                            copied.get(0).json().path("source").path("lsn").asLong());
        }
    }

    /**
     * Writes four transactions; returns the changes they make, as {@code operation:id:name} in commit order (a
     * delete's row holds the key only, under REPLICA IDENTITY DEFAULT).
     */
    private static List<String> runWorkload(Scenario scenario, String table) throws SQLException {
        scenario.execute("INSERT INTO " + table + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        try (Connection connection = scenario.connect()) {
            long rows = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + table
                    + " FROM STDIN", new StringReader("4\td\n5\te\n6\tf\n7\tg\n8\th\n"));
            assertThat(rows).isEqualTo(5);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        scenario.execute("UPDATE " + table + " SET name = name || '!' WHERE id BETWEEN 2 AND 6");
        scenario.execute("DELETE FROM " + table + " WHERE id > 6");
        return List.of("insert:1:a", "insert:2:b", "insert:3:c",
                "insert:4:d", "insert:5:e", "insert:6:f", "insert:7:g", "insert:8:h",
                "update:2:b!", "update:3:c!", "update:4:d!", "update:5:e!", "update:6:f!",
                "delete:7:", "delete:8:");
    }

    private static void assertExactly(List<ChangeRecord> ordered, List<String> expected) {
        String listing = Changes.describe(ordered);
        assertThat(ordered).as("operation:id:name in commit order:\n%s", listing)
                .extracting(r -> r.operation() + ":" + r.intValue("id") + ":" + r.data().path("name").asText(""))
                .containsExactlyElementsOf(expected);
        int[] sizes = {3, 5, 5, 2};
        int start = 0;
        for (int size : sizes) {
            List<ChangeRecord> transaction = ordered.subList(start, start + size);
            assertThat(transaction).as("one transaction, numbered 1..%d:\n%s", size, listing)
                    .extracting(ChangeRecord::transaction).containsOnly(transaction.get(0).transaction());
            if (ordered.get(0).commitLsn() != null) {
                assertThat(transaction).extracting(ChangeRecord::transactionRecordId)
                        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, size).boxed().toList());
            }
            start += size;
        }
        Set<String> pairs = new HashSet<>();
        for (ChangeRecord record : ordered) {
            assertThat(pairs.add(record.position())).as("de-duplication pair %s is unique", record.position())
                    .isTrue();
        }
        assertThat(Changes.groupedBy(ordered, ChangeRecord::key)).as("one partition key per row").hasSize(8);
    }
}
