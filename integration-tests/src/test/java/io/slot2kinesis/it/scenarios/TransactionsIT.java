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

/** Transactions arrive whole, in statement order, and rolled-back work never arrives. */
@ExtendWith(TargetExtension.class)
class TransactionsIT {

    @Test
    @Timeout(120)
    void deliversAMultiStatementTransactionInOrderAndNothingOfRolledBackWork(Target target) throws SQLException, InterruptedException {
        ScenarioSpec spec = ScenarioSpec.named("transactions");
        String orders = spec.table("orders");
        String lines = spec.table("order_lines");
        spec.setup("CREATE TABLE " + orders + " (id int PRIMARY KEY, status text)",
                "CREATE TABLE " + lines + " (id int PRIMARY KEY, order_id int, sku text)");
        try (Scenario scenario = target.begin(spec)) {
            scenario.transaction("INSERT INTO " + orders + " VALUES (1, 'new'), (2, 'new')",
                    "INSERT INTO " + lines + " VALUES (10, 1, 'apple'), (11, 1, 'pear')",
                    "UPDATE " + orders + " SET status = 'paid' WHERE id = 1",
                    "DELETE FROM " + lines + " WHERE id = 11",
                    "INSERT INTO " + orders + " VALUES (3, 'new')");
            try (Connection connection = scenario.connect(); Statement statement = connection.createStatement()) {
                connection.setAutoCommit(false);
                statement.execute("INSERT INTO " + orders + " VALUES (100, 'rolled back')");
                statement.execute("UPDATE " + orders + " SET status = 'rolled back' WHERE id = 2");
                connection.rollback();
                statement.execute("INSERT INTO " + orders + " VALUES (4, 'kept')");
                statement.execute("SAVEPOINT s");
                statement.execute("INSERT INTO " + orders + " VALUES (101, 'rolled back to savepoint')");
                statement.execute("DELETE FROM " + orders + " WHERE id = 1");
                statement.execute("ROLLBACK TO SAVEPOINT s");
                statement.execute("INSERT INTO " + orders + " VALUES (5, 'kept')");
                connection.commit();
            }
            scenario.execute("INSERT INTO " + orders + " VALUES (999, 'sentinel')");

            // Changes of different keys travel on different shards: wait for all ten, then for stragglers.
            scenario.await("ten changes including the sentinel row 999", got -> got.size() >= 10
                    && got.stream().anyMatch(r -> r.intValue("id") == 999), Duration.ofSeconds(60));
            Thread.sleep(1000);
            List<ChangeRecord> ordered = Changes.inCommitOrder(scenario.await("what else came in a second",
                    got -> true, Duration.ZERO));

            String listing = Changes.describe(ordered);
            assertThat(ordered).as("every change, in commit order:\n%s", listing)
                    .extracting(r -> r.table().equals(orders) ? "orders" : "lines")
                    .containsExactly("orders", "orders", "lines", "lines", "orders", "lines", "orders", "orders",
                            "orders", "orders");
            assertThat(ordered).as("operation:id in commit order:\n%s", listing)
                    .extracting(r -> r.operation() + ":" + r.intValue("id"))
                    .containsExactly("insert:1", "insert:2", "insert:10", "insert:11", "update:1", "delete:11",
                            "insert:3", "insert:4", "insert:5", "insert:999");
            List<ChangeRecord> first = ordered.subList(0, 7);
            assertThat(first).as("the first transaction's records share one transaction:\n%s", listing)
                    .extracting(ChangeRecord::transaction).containsOnly(first.get(0).transaction());
            assertThat(first).as("transaction-record-id numbers the first transaction's changes 1..7:\n%s", listing)
                    .extracting(ChangeRecord::transactionRecordId).containsExactly(1, 2, 3, 4, 5, 6, 7);
            assertThat(ordered.get(7).transaction()).as("the second transaction is another one")
                    .isNotEqualTo(first.get(0).transaction()).isEqualTo(ordered.get(8).transaction());
            assertThat(ordered).as("nothing rolled back arrives").noneMatch(r -> r.intValue("id") >= 100
                    && r.intValue("id") < 999).noneMatch(r -> r.data().path("status").asText().startsWith("rolled"));
        }
    }
}
