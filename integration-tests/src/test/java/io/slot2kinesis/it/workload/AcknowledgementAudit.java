package io.slot2kinesis.it.workload;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.StreamFeed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Samples the slot's {@code confirmed_flush_lsn} while a workload runs and, at each sample, checks that every
 * transaction committed before it is already in the stream, read at that moment: the slot must never be
 * acknowledged past what Kinesis accepted. A transaction counts as "before" when a WAL position taken right after its
 * commit is at or below the confirmed LSN, so the check may miss a late transaction but never blames a correct worker.
 */
public final class AcknowledgementAudit implements AutoCloseable {
    private final Scenario scenario;
    private final String table;
    private final CounterWorkload workload;
    private final Duration interval;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean stopping;
    private int samples;
    private int checkedTransactions;
    private volatile Throwable failure;

    public AcknowledgementAudit(Scenario scenario, String table, CounterWorkload workload, Duration interval) {
        this.scenario = scenario;
        this.table = table;
        this.workload = workload;
        this.interval = interval;
        this.thread = Thread.ofPlatform().name("ack-audit").daemon().start(this::run);
    }

    private void run() {
        StreamFeed feed = scenario.feed();
        Set<String> seen = new HashSet<>();
        int consumed = 0;
        while (!stopping) {
            try {
                LogSequenceNumber confirmed = scenario.confirmedFlush();
                List<ChangeRecord> records = feed.poll();
                for (; consumed < records.size(); consumed++) {
                    ChangeRecord record = records.get(consumed);
                    if (record.table().equals(table)) {
                        seen.add(record.intValue("id") + ":" + record.intValue("counter"));
                    }
                }
                if (confirmed != null) {
                    check(confirmed, seen);
                }
                samples++;
            } catch (RuntimeException unavailable) {
                // PostgreSQL or Kinesis is down on purpose; the next sample checks again.
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void check(LogSequenceNumber confirmed, Set<String> seen) {
        int checked = 0;
        for (CounterWorkload.Committed transaction : workload.committed()) {
            if (transaction.atOrAfterCommit().asLong() > confirmed.asLong()) {
                continue;
            }
            checked++;
            List<String> missing = new ArrayList<>();
            for (CounterWorkload.KeyCounter row : transaction.rows()) {
                if (!seen.contains(row.id() + ":" + row.counter())) {
                    missing.add("id=" + row.id() + " counter=" + row.counter());
                }
            }
            if (!missing.isEmpty() && violations.size() < 20) {
                violations.add("slot confirmed_flush_lsn " + confirmed.asString() + " covers the transaction committed"
                        + " at or before " + transaction.atOrAfterCommit().asString() + ", but the stream lacked "
                        + missing + " at that moment");
            }
        }
        checkedTransactions = Math.max(checkedTransactions, checked);
    }

    /** Stops sampling; returns what it found. */
    public Result finish() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result(samples, checkedTransactions, List.copyOf(violations), failure);
    }

    /** How many samples were taken, how many transactions the last useful sample covered, and what was wrong. */
    public record Result(int samples, int transactionsCovered, List<String> violations, Throwable failure) {
        public String summary() {
            return samples + " samples of confirmed_flush_lsn, up to " + transactionsCovered
                    + " committed transactions covered by one sample";
        }
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
    }
}
