package io.slot2kinesis.it.scenarios;

import io.slot2kinesis.it.records.ConsumerCopy;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.it.target.TargetExtension;
import io.slot2kinesis.it.workload.AcknowledgementAudit;
import io.slot2kinesis.it.workload.CounterWorkload;
import io.slot2kinesis.it.workload.Delivery;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Writers racing on the same keys: each key's changes arrive in the order they committed, and the consumer library
 * rebuilds the table from the stream exactly as the database has it.
 */
@ExtendWith(TargetExtension.class)
class ConcurrentWritersIT {

    @Test
    @Timeout(180)
    void keepsEachKeysChangesInCommitOrderUnderConcurrentWriters(Target target) throws Exception {
        ScenarioSpec spec = ScenarioSpec.named("concurrent").shards(4);
        String table = spec.table("counters");
        spec.setup(CounterWorkload.createTable(table));
        try (Scenario scenario = target.begin(spec);
                CounterWorkload workload = new CounterWorkload(scenario, table, 16, Duration.ofMillis(15))) {
            AcknowledgementAudit audit = new AcknowledgementAudit(scenario, table, workload, Duration.ofMillis(500));
            workload.start(4);
            Thread.sleep(4000);
            workload.stop();

            Delivery.verifyComplete(scenario, table, workload.finalCounters(), Duration.ofSeconds(90));
            ConsumerCopy.verifyMatchesDatabase(scenario, Map.of(table, "id"), Set.of(), Duration.ofSeconds(30));
            Thread.sleep(1500);
            Delivery.verifyNeverAhead(audit.finish(), scenario);
        }
    }
}
