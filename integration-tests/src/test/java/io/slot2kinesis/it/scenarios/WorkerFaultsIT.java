package io.slot2kinesis.it.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.target.LocalControls;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.it.target.TargetExtension;
import io.slot2kinesis.it.workload.AcknowledgementAudit;
import io.slot2kinesis.it.workload.CounterWorkload;
import io.slot2kinesis.it.workload.Delivery;
import io.slot2kinesis.localstack.kinesis.FastKinesis;
import io.slot2kinesis.localstack.kinesis.FaultPlan;
import io.slot2kinesis.localstack.kinesis.OutageMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.replication.LogSequenceNumber;

/**
 * The worker under faults, while writers run: killed, PostgreSQL restarted, Kinesis unreachable, throttling and
 * partial failures, SIGTERM. After each, every change is in the stream, each key's changes are in commit order, and
 * the slot was never acknowledged past what the stream held. These need the local target (the worker process,
 * PostgreSQL and the Kinesis endpoint under the test's control); on another target they are skipped and say why.
 */
@ExtendWith(TargetExtension.class)
class WorkerFaultsIT {
    private static final int WRITERS = 4;
    private static final int KEYS = 24;

    private static LocalControls local(Scenario scenario, Target target) {
        assumeTrue(scenario.local().isPresent(), "worker fault scenarios need the local target (worker process,"
                + " PostgreSQL and Kinesis under the test's control); skipped on " + target.describe());
        return scenario.local().orElseThrow();
    }

    private static ScenarioSpec spec(String name, String[] table) {
        ScenarioSpec spec = ScenarioSpec.named(name).load(ScenarioSpec.Load.HEAVY).shards(4);
        table[0] = spec.table("counters");
        return spec.setup(CounterWorkload.createTable(table[0]));
    }

    @Test
    @Timeout(240)
    void losesNothingAndKeepsOrderWhenTheWorkerIsKilledThreeTimes(Target target) throws InterruptedException {
        String[] table = new String[1];
        try (Scenario scenario = target.begin(spec("kill", table));
                CounterWorkload workload = new CounterWorkload(scenario, table[0], KEYS, Duration.ofMillis(5))) {
            LocalControls local = local(scenario, target);
            AcknowledgementAudit audit = new AcknowledgementAudit(scenario, table[0], workload,
                    Duration.ofMillis(300));
            workload.start(WRITERS);
            Random random = new Random(42);
            for (int kill = 1; kill <= 3; kill++) {
                Thread.sleep(1000 + random.nextInt(2000));
                int exit = local.killWorker();
                assertThat(exit).as("exit code after SIGKILL (128 + 9)").isEqualTo(137);
                Thread.sleep(random.nextInt(1000));
                local.startWorker(Map.of());
            }
            Thread.sleep(1500);
            workload.stop();

            Delivery.verifyComplete(scenario, table[0], workload.finalCounters(), Duration.ofSeconds(90));
            Thread.sleep(1000);
            Delivery.verifyNeverAhead(audit.finish(), scenario);
        }
    }

    @Test
    @Timeout(240)
    void resumesAfterPostgresRestartsMidStream(Target target) throws InterruptedException {
        String[] table = new String[1];
        try (Scenario scenario = target.begin(spec("pgrestart", table))) {
            LocalControls local = local(scenario, target);
            CounterWorkload before = new CounterWorkload(scenario, table[0], KEYS, Duration.ofMillis(5));
            AcknowledgementAudit audit = new AcknowledgementAudit(scenario, table[0], before, Duration.ofMillis(300));
            before.start(WRITERS);
            Thread.sleep(2000);
            before.stop();
            // Restart while the worker still delivers this batch. A larger batch (20,000 rows) made PostgreSQL 17's
            // fast shutdown outlast the embedded server's stop wait, and the restart then failed to start it.
            scenario.execute("INSERT INTO " + table[0] + " SELECT g, 1, 99, md5(g::text)"
                    + " FROM generate_series(1000, 5999) g");
            local.restartPostgres();
            CounterWorkload after = new CounterWorkload(scenario, table[0], KEYS, Duration.ofMillis(5));
            after.start(WRITERS);
            Thread.sleep(2000);
            after.stop();

            Delivery.verifyComplete(scenario, table[0], after.finalCounters(), Duration.ofSeconds(120));
            Delivery.verifyNeverAhead(audit.finish(), scenario);
            assertThat(local.workerAlive()).as("the worker survives the restart; %s", scenario.diagnostics())
                    .isTrue();
        }
    }

    @Test
    @Timeout(240)
    void holdsTheSlotAndLosesNothingWhileKinesisRefusesConnections(Target target) throws InterruptedException {
        String[] table = new String[1];
        try (Scenario scenario = target.begin(spec("outage", table));
                CounterWorkload workload = new CounterWorkload(scenario, table[0], KEYS, Duration.ofMillis(5))) {
            LocalControls local = local(scenario, target);
            FastKinesis kinesis = local.fastKinesis().orElseThrow();
            AcknowledgementAudit audit = new AcknowledgementAudit(scenario, table[0], workload,
                    Duration.ofMillis(300));
            workload.start(WRITERS);
            Thread.sleep(1500);
            kinesis.outage(Duration.ofSeconds(4), OutageMode.REFUSE_CONNECTIONS);
            LogSequenceNumber atOutage = scenario.currentWal();
            Thread.sleep(3000);
            assertThat(scenario.confirmedFlush().asLong())
                    .as("while Kinesis refuses connections the slot stays before the changes made during the outage")
                    .isLessThanOrEqualTo(atOutage.asLong());
            Thread.sleep(2500);
            workload.stop();

            Delivery.verifyComplete(scenario, table[0], workload.finalCounters(), Duration.ofSeconds(90));
            Delivery.verifyNeverAhead(audit.finish(), scenario);
        }
    }

    @Test
    @Timeout(240)
    void keepsOrderThroughThrottlingAndPartialFailures(Target target) throws InterruptedException {
        String[] table = new String[1];
        try (Scenario scenario = target.begin(spec("partial", table));
                CounterWorkload workload = new CounterWorkload(scenario, table[0], KEYS, Duration.ofMillis(5))) {
            LocalControls local = local(scenario, target);
            FastKinesis kinesis = local.fastKinesis().orElseThrow();
            kinesis.faults(FaultPlan.none().withThrottling(0.3).withInternalFailures(0.1).withSeed(7));
            AcknowledgementAudit audit = new AcknowledgementAudit(scenario, table[0], workload,
                    Duration.ofMillis(300));
            workload.start(WRITERS);
            Thread.sleep(5000);
            workload.stop();
            kinesis.faults(FaultPlan.none());

            Delivery.verifyComplete(scenario, table[0], workload.finalCounters(), Duration.ofSeconds(90));
            Delivery.verifyNeverAhead(audit.finish(), scenario);
            assertThat(kinesis.counters().toString()).as("FastKinesis injected failures").isNotEmpty();
        }
    }

    @Test
    @Timeout(240)
    void keepsOrderOnAOneShardStreamThatEnforcesItsWriteLimits(Target target) throws InterruptedException {
        String[] table = new String[1];
        ScenarioSpec spec = spec("limits", table).shards(1);
        try (Scenario scenario = target.begin(spec);
                CounterWorkload workload = new CounterWorkload(scenario, table[0], KEYS, Duration.ofMillis(2))) {
            LocalControls local = local(scenario, target);
            local.fastKinesis().orElseThrow().enforceLimits(local.stream(), true);
            AcknowledgementAudit audit = new AcknowledgementAudit(scenario, table[0], workload,
                    Duration.ofMillis(300));
            workload.start(WRITERS);
            scenario.execute("INSERT INTO " + table[0] + " SELECT g, 1, 99, md5(g::text)"
                    + " FROM generate_series(1000, 4999) g");
            Thread.sleep(3000);
            workload.stop();

            Delivery.verifyComplete(scenario, table[0], workload.finalCounters(), Duration.ofSeconds(120));
            Delivery.verifyNeverAhead(audit.finish(), scenario);
        }
    }

    @Test
    @Timeout(180)
    void exitsZeroOnSigtermWithTheSlotAcknowledgedToWhatItDelivered(Target target) throws InterruptedException {
        String[] table = new String[1];
        try (Scenario scenario = target.begin(spec("sigterm", table))) {
            LocalControls local = local(scenario, target);
            scenario.execute("INSERT INTO " + table[0] + " SELECT g, 1, 99, md5(g::text)"
                    + " FROM generate_series(1, 5000) g");
            scenario.await("the first records", got -> !got.isEmpty(), Duration.ofSeconds(60));

            // More than the worker's own S2K_SHUTDOWN_TIMEOUT (25 s by default): on a loaded machine draining may
            // use all of it.
            int exit = local.terminateWorker(Duration.ofSeconds(60));

            assertThat(exit).as("exit code after SIGTERM (-1: still running after 60 s); %s",
                    scenario.diagnostics()).isZero();
            List<ChangeRecord> delivered = scenario.await("what was delivered", got -> true, Duration.ZERO);
            long lastDelivered = delivered.stream().mapToLong(r -> r.commitLsn().asLong()).max().orElseThrow();
            assertThat(scenario.confirmedFlush().asLong()).as("the slot is acknowledged past the last delivered"
                    + " commit %s; %s", LogSequenceNumber.valueOf(lastDelivered), scenario.diagnostics())
                    .isGreaterThan(lastDelivered);
            local.startWorker(Map.of());
            scenario.execute("INSERT INTO " + table[0] + " VALUES (6000, 1, 99, 'after the restart')");
            Delivery.verifyComplete(scenario, table[0], new CounterWorkload(scenario, table[0], 1, Duration.ZERO)
                    .finalCounters(), Duration.ofSeconds(60));
        }
    }
}
