package io.slot2kinesis.it.target;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.records.Changes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.postgresql.replication.LogSequenceNumber;

/** What every target's scenario does the same way: SQL through JDBC, waiting on the stream. */
public abstract class SqlScenario implements Scenario {
    private final ScenarioSpec spec;
    private StreamFeed feed;

    protected SqlScenario(ScenarioSpec spec) {
        this.spec = spec;
    }

    /** The slot whose {@code confirmed_flush_lsn} {@link #confirmedFlush()} reports. */
    protected abstract String slot();

    @Override
    public ScenarioSpec spec() {
        return spec;
    }

    @Override
    public void execute(String... statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed in scenario " + spec.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void transaction(String... statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (String sql : statements) {
                statement.execute(sql);
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("transaction failed in scenario " + spec.name() + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public List<ChangeRecord> await(String what, Predicate<List<ChangeRecord>> done, Duration timeout) {
        if (feed == null) {
            feed = feed();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ChangeRecord> distinct = Changes.distinct(feed.poll());
            if (done.test(distinct)) {
                return distinct;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + " in scenario "
                        + spec.name() + "; " + distinct.size() + " distinct change(s) arrived:\n"
                        + Changes.describe(distinct) + "\n" + diagnostics());
            }
            sleep(Duration.ofMillis(200));
        }
    }

    @Override
    public LogSequenceNumber confirmedFlush() {
        String value = single("SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '" + slot()
                + "'");
        return value == null ? null : LogSequenceNumber.valueOf(value);
    }

    @Override
    public LogSequenceNumber currentWal() {
        return LogSequenceNumber.valueOf(single("SELECT pg_current_wal_insert_lsn()"));
    }

    protected String single(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    protected static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
