package io.slot2kinesis.it.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.it.target.TargetExtension;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.replication.LogSequenceNumber;

/** A transaction of 100,000 rows arrives whole, numbered, and the slot moves past it only afterwards. */
@ExtendWith(TargetExtension.class)
class LargeTransactionIT {
    private static final int ROWS = 100_000;

    @Test
    @Timeout(300)
    void deliversATransactionOfAHundredThousandRowsWhole(Target target) throws InterruptedException {
        ScenarioSpec spec = ScenarioSpec.named("large").load(ScenarioSpec.Load.HEAVY).shards(4);
        String table = spec.table("bulk");
        spec.setup("CREATE TABLE " + table + " (id int PRIMARY KEY, payload text)");
        try (Scenario scenario = target.begin(spec)) {
            scenario.execute("INSERT INTO " + table + " SELECT g, md5(g::text) FROM generate_series(1, " + ROWS
                    + ") g");
            LogSequenceNumber afterCommit = scenario.currentWal();

            List<ChangeRecord> records = scenario.awaitChanges(ROWS, Duration.ofSeconds(240));

            assertThat(records).as("distinct changes").hasSize(ROWS);
            BitSet ids = new BitSet();
            BitSet positions = new BitSet();
            String transaction = records.get(0).transaction();
            for (ChangeRecord record : records) {
                ids.set(record.intValue("id"));
                positions.set(record.transactionRecordId());
                if (!record.transaction().equals(transaction) || !record.operation().equals("insert")) {
                    throw new AssertionError("every record is an insert of the one transaction " + transaction
                            + ", but got " + record);
                }
            }
            assertThat(ids.cardinality()).as("distinct ids").isEqualTo(ROWS);
            assertThat(ids.nextSetBit(0)).isEqualTo(1);
            assertThat(ids.length() - 1).as("highest id").isEqualTo(ROWS);
            assertThat(positions.cardinality()).as("distinct transaction-record-ids").isEqualTo(ROWS);
            assertThat(positions.length() - 1).as("highest transaction-record-id").isEqualTo(ROWS);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (scenario.confirmedFlush().asLong() < afterCommit.asLong() - 1000 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(scenario.confirmedFlush().asLong()).as("the slot moves past the delivered transaction (at %s);"
                    + " %s", afterCommit, scenario.diagnostics()).isGreaterThanOrEqualTo(afterCommit.asLong() - 1000);
        }
    }
}
