package io.slot2kinesis.it.workload;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.target.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The checks after a workload, faults or not: every change there, per-key order intact, slot never ahead. */
public final class Delivery {
    private Delivery() {}

    /** Waits for every change of the workload's table and checks order per key; returns the distinct records. */
    public static List<ChangeRecord> verifyComplete(Scenario scenario, String table, Map<Integer, Integer> counters,
            Duration timeout) {
        int total = CounterWorkload.total(counters);
        List<ChangeRecord> records = scenario.await(total + " changes of " + table + " (" + counters.size()
                + " keys)", got -> got.stream().filter(r -> r.table().equals(table)).count() >= total, timeout);
        List<String> problems = CounterWorkload.orderProblems(table, records, counters);
        assertThat(problems).as("per-key order and completeness of %d changes over %d keys; %s", total,
                counters.size(), scenario.diagnostics()).isEmpty();
        return records;
    }

    public static void verifyNeverAhead(AcknowledgementAudit.Result audit, Scenario scenario) {
        assertThat(audit.violations()).as("the slot acknowledged changes missing from the stream (%s); %s",
                audit.summary(), scenario.diagnostics()).isEmpty();
        assertThat(audit.samples()).as("samples of confirmed_flush_lsn taken").isGreaterThan(3);
        assertThat(audit.transactionsCovered()).as("transactions the audit could check (%s)", audit.summary())
                .isGreaterThan(0);
    }
}
