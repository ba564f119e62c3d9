package io.slot2kinesis.it.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.records.Changes;
import io.slot2kinesis.it.target.LocalControls;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.it.target.TargetExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two-phase commit. The worker does not ask pgoutput for {@code two_phase}, so PostgreSQL decodes a prepared
 * transaction when it is finished: COMMIT PREPARED delivers its changes once, as an ordinary transaction at the
 * COMMIT PREPARED's position, ROLLBACK PREPARED delivers nothing, and nothing arrives in between, even across a
 * worker restart that acknowledged the slot past the PREPARE.
 */
@ExtendWith(TargetExtension.class)
class TwoPhaseCommitIT {

    @Test
    @Timeout(150)
    void deliversAPreparedTransactionOnceAtCommitPreparedAndNothingOfARolledBackOne(Target target)
            throws SQLException, InterruptedException {
        ScenarioSpec spec = ScenarioSpec.named("twophase");
        String table = spec.table("accounts");
        String gid = spec.unique("gid");
        spec.setup("CREATE TABLE " + table + " (id int PRIMARY KEY, balance int)");
        try (Scenario scenario = target.begin(spec)) {
            prepare(scenario, gid + "_commit", "INSERT INTO " + table + " VALUES (1, 10), (2, 20)",
                    "UPDATE " + table + " SET balance = 11 WHERE id = 1");
            prepare(scenario, gid + "_rollback", "INSERT INTO " + table + " VALUES (3, 30)",
                    "UPDATE " + table + " SET balance = 0 WHERE id = 2");
            scenario.execute("INSERT INTO " + table + " VALUES (100, 0)");
            scenario.await("the row committed after both PREPAREs", got -> got.stream()
                    .anyMatch(r -> r.intValue("id") == 100), Duration.ofSeconds(60));
            Optional<LocalControls> local = scenario.local();
            if (local.isPresent()) {
                Thread.sleep(600);
                assertThat(local.get().terminateWorker(Duration.ofSeconds(60))).as("SIGTERM exit code").isZero();
                local.get().startWorker(Map.of());
            }
            Thread.sleep(1000);
            assertThat(scenario.await("nothing of the prepared transactions yet", got -> true, Duration.ZERO))
                    .as("before COMMIT PREPARED only row 100 is in the stream")
                    .extracting(r -> r.intValue("id")).containsOnly(100);

            scenario.execute("COMMIT PREPARED '" + gid + "_commit'", "ROLLBACK PREPARED '" + gid + "_rollback'",
                    "INSERT INTO " + table + " VALUES (999, 0)");
            // Rows 1 and 2 and the sentinel 999 have different keys: only per-key order is promised, so all five
            // changes are awaited, not just the sentinel.
            scenario.await("the committed prepared rows and the sentinel row 999", got -> got.size() >= 5
                    && got.stream().anyMatch(r -> r.intValue("id") == 999), Duration.ofSeconds(60));
            Thread.sleep(1000);
            List<ChangeRecord> distinct = Changes.inCommitOrder(scenario.await("stragglers", got -> true,
                    Duration.ZERO));
            String listing = Changes.describe(distinct);

            assertThat(distinct).as("every change in commit order:\n%s", listing)
                    .extracting(r -> r.operation() + ":" + r.intValue("id") + ":" + r.data().path("balance").asInt())
                    .containsExactly("insert:100:0", "insert:1:10", "insert:2:20", "update:1:11", "insert:999:0");
            List<ChangeRecord> prepared = distinct.subList(1, 4);
            assertThat(prepared).as("the prepared transaction is one transaction, numbered 1..3")
                    .extracting(ChangeRecord::transactionRecordId).containsExactly(1, 2, 3);
            assertThat(prepared).extracting(ChangeRecord::transaction).containsOnly(prepared.get(0).transaction());
            List<ChangeRecord> everything = scenario.feed().poll();
            assertThat(everything).as("each change delivered exactly once, even across the restart:\n%s",
                    Changes.describe(everything)).hasSize(distinct.size());
        }
    }

    private static void prepare(Scenario scenario, String gid, String... statements) throws SQLException {
        try (Connection connection = scenario.connect(); Statement statement = connection.createStatement()) {
            statement.execute("BEGIN");
            for (String sql : statements) {
                statement.execute(sql);
            }
            statement.execute("PREPARE TRANSACTION '" + gid + "'");
        }
    }
}
