package io.slot2kinesis.it.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.local.FailoverScenario;
import io.slot2kinesis.it.target.local.FailoverScenario.FailoverTimes;
import io.slot2kinesis.it.workload.AcknowledgementAudit;
import io.slot2kinesis.it.workload.CounterWorkload;
import io.slot2kinesis.it.workload.Delivery;
import io.slot2kinesis.localstack.StandbySettings;
import io.slot2kinesis.localstack.kinesis.FastKinesis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.replication.LogSequenceNumber;

/**
 * The worker through a failover of its source, on a local primary and physical standby behind a stand-in for the
 * writer endpoint, while writers keep committing: the primary crashes, the standby is promoted and the endpoint moves
 * to it. PostgreSQL 17 only (failover slots): the pom leaves it out of the PostgreSQL 14 execution, so run it alone
 * with {@code -Dit.test=FailoverIT -Ds2k.secondPostgres.skipITs=true} (a named test overrides that exclusion). It needs
 * no target: each case starts its own primary, standby and worker. Each prints how long it took and how long the
 * worker took to resume.
 */
class FailoverIT {
    private static final int WRITERS = 4;
    private static final int KEYS = 24;
    private static final Duration WRITE_PAUSE = Duration.ofMillis(5);
    private static final StandbySettings STANDBY = StandbySettings.named("standby1").synchronous();

    private static FastKinesis kinesis;

    @BeforeAll
    static void startKinesis() {
        kinesis = FastKinesis.start(0);
    }

    @AfterAll
    static void stopKinesis() {
        kinesis.close();
    }

    private static ScenarioSpec spec(String name, String[] table) {
        ScenarioSpec spec = ScenarioSpec.named(name).load(ScenarioSpec.Load.HEAVY).shards(4);
        table[0] = spec.table("counters");
        return spec.setup(CounterWorkload.createTable(table[0]));
    }

    @Test
    @Timeout(180)
    void resumesOnThePromotedStandbyFromTheSynchronizedFailoverSlotWithoutAGap() throws InterruptedException {
        long started = System.nanoTime();
        String[] table = new String[1];
        try (FailoverScenario scenario = FailoverScenario.begin(spec("failover", table),
                STANDBY.syncingFailoverSlots(), kinesis, Map.of());
                CounterWorkload workload = new CounterWorkload(scenario, table[0], KEYS, WRITE_PAUSE)
                        .reconnecting()) {
            Duration setup = Duration.ofNanos(System.nanoTime() - started);
            AcknowledgementAudit audit = new AcknowledgementAudit(scenario, table[0], workload,
                    Duration.ofMillis(300));
            workload.start(WRITERS);
            Thread.sleep(1000);
            String acknowledged = scenario.confirmedFlush().asString();
            scenario.primary().awaitSlotSynced(scenario.standby(), scenario.slotName(), acknowledged,
                    Duration.ofSeconds(60));

            long crash = System.nanoTime();
            FailoverTimes failover = scenario.failOver();
            Duration resumed = awaitAcknowledgedPast(scenario, failover.promotedAt(), crash, Duration.ofSeconds(60));
            Thread.sleep(1000);
            workload.stop();

            Map<Integer, Integer> counters = workload.finalCounters();
            assertThat(workload.committed()).as("every commit a writer saw succeed survived the failover")
                    .allSatisfy(committed -> assertThat(committed.rows()).allSatisfy(row ->
                            assertThat(row.counter()).isLessThanOrEqualTo(counters.get(row.id()))));
            Delivery.verifyComplete(scenario, table[0], counters, Duration.ofSeconds(60));
            Delivery.verifyNeverAhead(audit.finish(), scenario);
            assertThat(scenario.standby().query("SELECT string_agg(slot_name || ' failover=' || failover, ', ')"
                    + " FROM pg_replication_slots WHERE slot_type = 'logical'"))
                    .as("the promoted server's logical slots: the worker's, still a failover slot; %s",
                            scenario.diagnostics())
                    .isEqualTo(scenario.slotName() + " failover=true");
            assertThat(scenario.workerAlive()).as("the worker rode through the failover; %s",
                    scenario.diagnostics()).isTrue();
            assertThat(workload.reconnects()).as("writers reconnected through the moved endpoint").isPositive();
            report("synced failover slot", started, setup, failover, resumed, "from the crash to the first"
                    + " acknowledgement past the promotion LSN " + failover.promotedAt());
        }
    }

    @Test
    @Timeout(180)
    void stopsNamingTheSlotAndLsnWhenThePromotedServerLacksTheSlotThenRebuildsWithANewSlotAndAReload()
            throws InterruptedException {
        long started = System.nanoTime();
        String[] table = new String[1];
        try (FailoverScenario scenario = FailoverScenario.begin(spec("slotgone", table), STANDBY, kinesis,
                Map.of());
                CounterWorkload workload = new CounterWorkload(scenario, table[0], KEYS, WRITE_PAUSE)
                        .reconnecting()) {
            Duration setup = Duration.ofNanos(System.nanoTime() - started);
            workload.start(WRITERS);
            Thread.sleep(1000);
            LogSequenceNumber acknowledgedBefore = scenario.confirmedFlush();

            long crash = System.nanoTime();
            FailoverTimes failover = scenario.failOver();
            int exit = scenario.awaitWorkerExit(Duration.ofSeconds(60));
            Duration stopped = Duration.ofNanos(System.nanoTime() - crash);

            assertThat(exit).as("exit code when the slot is gone; %s", scenario.diagnostics()).isEqualTo(1);
            String log = scenario.workerLog();
            Matcher message = Pattern.compile("replication slot '" + scenario.slotName() + "' no longer exists, but"
                    + " this worker streamed from it and acknowledged up to LSN ([0-9A-F]+/[0-9A-F]+): changes made"
                    + " since then may be missing[^\n]*").matcher(log);
            assertThat(message.find()).as("the stop message names the slot and the LSN; log:\n%s", log).isTrue();
            LogSequenceNumber named = LogSequenceNumber.valueOf(message.group(1));
            assertThat(named.asLong()).as("the LSN named: at least what the slot had confirmed before the crash (%s),"
                    + " before the promotion (%s)", acknowledgedBefore, failover.promotedAt())
                    .isGreaterThanOrEqualTo(acknowledgedBefore.asLong())
                    .isLessThanOrEqualTo(LogSequenceNumber.valueOf(failover.promotedAt()).asLong());
            assertThat(message.group()).as("the stop message says how to recover")
                    .contains("S2K_SLOT_LOST=recreate", "S2K_INITIAL_LOAD=on-create", "backfill");
            assertThat(slotCount(scenario)).as("no slot was created behind the operator's back").isEqualTo("0");

            long restart = System.nanoTime();
            scenario.startWorker(Map.of("S2K_SLOT_LOST", "recreate", "S2K_INITIAL_LOAD", "on-create"));
            Duration recreated = Duration.ofNanos(System.nanoTime() - restart);
            Thread.sleep(1000);
            workload.stop();

            Map<Integer, Integer> counters = workload.finalCounters();
            List<ChangeRecord> records = scenario.await("the stream rebuilt to the table's " + counters.size()
                    + " rows", got -> lastCounters(got, table[0]).equals(counters), Duration.ofSeconds(60));
            assertThat(records.stream().filter(r -> r.operation().equals("load")).count())
                    .as("one load record per row of the reloaded table").isEqualTo(counters.size());
            assertThat(slotCount(scenario)).as("exactly one slot on the promoted server").isEqualTo("1");
            report("slot gone, stop then recreate with reload", started, setup, failover, stopped,
                    "from the crash to the worker's exit; a restart with recreate + on-create ready in "
                            + millis(recreated));
        }
    }

    @Test
    @Timeout(180)
    void recreatesTheLostSlotWhenAllowedAndGoesOnSayingSinceWhichLsnChangesMayBeMissing()
            throws InterruptedException {
        long started = System.nanoTime();
        String[] table = new String[1];
        try (FailoverScenario scenario = FailoverScenario.begin(spec("recreate", table), STANDBY, kinesis,
                Map.of("S2K_SLOT_LOST", "recreate"));
                CounterWorkload workload = new CounterWorkload(scenario, table[0], KEYS, WRITE_PAUSE)
                        .reconnecting()) {
            Duration setup = Duration.ofNanos(System.nanoTime() - started);
            workload.start(WRITERS);
            Thread.sleep(1000);

            long crash = System.nanoTime();
            FailoverTimes failover = scenario.failOver();
            Duration resumed = awaitAcknowledgedPast(scenario, failover.promotedAt(), crash, Duration.ofSeconds(60));
            Thread.sleep(1000);
            workload.stop();
            scenario.execute("UPDATE " + table[0] + " SET counter = counter + 1");
            Map<Integer, Integer> counters = workload.finalCounters();

            List<ChangeRecord> records = scenario.await("the last update of every key after the new slot",
                    got -> lastCounters(got, table[0]).equals(counters), Duration.ofSeconds(60));
            assertThat(increasingPerKey(records, table[0])).as("each key's counters only go up in the stream")
                    .isEmpty();
            assertThat(scenario.workerAlive()).as("the worker goes on; %s", scenario.diagnostics()).isTrue();
            String log = scenario.workerLog();
            Matcher warning = Pattern.compile("replication slot '" + scenario.slotName() + "' no longer exists"
                    + " \\(this worker streamed from it and acknowledged up to LSN ([0-9A-F]+/[0-9A-F]+)\\);"
                    + " creating a new one[^\n]*changes made since then may be missing[^\n]*").matcher(log);
            assertThat(warning.find()).as("the worker says since which LSN changes may be missing; log:\n%s", log)
                    .isTrue();
            assertThat(log).as("and where the new slot starts").containsPattern("replication slot '"
                    + scenario.slotName() + "' recreated at LSN [0-9A-F]+/[0-9A-F]+: changes committed between the lost"
                    + " slot's position and LSN [0-9A-F]+/[0-9A-F]+ are not in the stream");
            assertThat(slotCount(scenario)).as("exactly one slot on the promoted server").isEqualTo("1");
            report("slot gone, S2K_SLOT_LOST=recreate", started, setup, failover, resumed,
                    "from the crash to the first acknowledgement of the new slot past"
                    + " the promotion LSN " + failover.promotedAt());
        }
    }

    /**
     * Waits until the slot on the server behind the endpoint is acknowledged past {@code lsn}; returns the time since
     * {@code since} (a {@link System#nanoTime()}).
     */
    private static Duration awaitAcknowledgedPast(FailoverScenario scenario, String lsn, long since,
            Duration timeout) {
        long start = System.nanoTime();
        long target = LogSequenceNumber.valueOf(lsn).asLong();
        while (System.nanoTime() - start < timeout.toNanos()) {
            try {
                LogSequenceNumber confirmed = scenario.confirmedFlush();
                if (confirmed != null && confirmed.asLong() > target) {
                    return Duration.ofNanos(System.nanoTime() - since);
                }
            } catch (IllegalStateException unavailable) {
                // the endpoint's server is not accepting connections yet
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        throw new AssertionError("the worker did not acknowledge past LSN " + lsn + " on the promoted server within "
                + timeout + "; " + scenario.diagnostics());
    }

    /** What a consumer applying the stream in order ends with: each key's counter in its last record. */
    private static Map<Integer, Integer> lastCounters(List<ChangeRecord> records, String table) {
        Map<Integer, Integer> last = new HashMap<>();
        for (ChangeRecord record : records) {
            if (record.table().equals(table) && record.recordType().equals("data")) {
                last.put(record.intValue("id"), record.intValue("counter"));
            }
        }
        return last;
    }

    private static List<String> increasingPerKey(List<ChangeRecord> records, String table) {
        Map<Integer, Integer> last = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (ChangeRecord record : records) {
            if (!record.table().equals(table) || !record.recordType().equals("data")) {
                continue;
            }
            Integer previous = last.put(record.intValue("id"), record.intValue("counter"));
            if (previous != null && previous >= record.intValue("counter")) {
                problems.add("id=" + record.intValue("id") + ": " + previous + " then " + record.intValue("counter"));
            }
        }
        return problems;
    }

    private static String slotCount(FailoverScenario scenario) {
        return scenario.standby().query("SELECT count(*) FROM pg_replication_slots WHERE slot_type = 'logical'");
    }

    private static void report(String name, long started, Duration setup, FailoverTimes failover, Duration worker,
            String what) {
        System.out.printf("FailoverIT timing [%s]: case %s (setup of primary, standby, worker %s); crash %s, promote"
                        + " %s, crash to endpoint switched %s; worker %s (%s)%n", name,
                millis(Duration.ofNanos(System.nanoTime() - started)), millis(setup),
                millis(failover.crash()), millis(failover.promote()), millis(failover.total()), millis(worker), what);
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + " ms";
    }
}
