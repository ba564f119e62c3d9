package io.slot2kinesis.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits, after a chunk's low watermark, until every transaction that was running at the watermark is visible, before
 * the chunk is read. PostgreSQL writes a transaction's commit record before new snapshots see the transaction, so a
 * transaction can commit (and stream) before the low watermark while a chunk read just after it still sees the old
 * row; that change is outside the window, the old row would be published after it. Waiting until the transactions
 * of a snapshot taken after the watermark have ended closes that gap: what committed before the watermark is then
 * visible to the chunk's read, and what commits later falls inside the window.
 */
final class CommitVisibilityWait {
    private static final Logger log = LoggerFactory.getLogger(CommitVisibilityWait.class);
    private static final long FIRST_POLL_NANOS = 1_000_000;
    private static final long MAX_POLL_NANOS = 100_000_000;

    /** What the wait asks the database. */
    interface Database {
        /** The transaction ids running in a snapshot taken now ({@code pg_snapshot_xip}). */
        List<Long> running() throws SQLException;

        /** Those of {@code xids} still running in a snapshot taken now. */
        List<Long> stillRunning(List<Long> xids) throws SQLException;

        /** The session that runs {@code xid}, as far as {@code pg_stat_activity} shows it. */
        String session(long xid) throws SQLException;
    }

    /** Where a long wait is reported besides the log (the request's message); null when the wait is over. */
    interface Status {
        void waiting(String message) throws SQLException;
    }

    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final Database database;
    private final Duration warnAfter;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;

    CommitVisibilityWait(Database database, Duration warnAfter, LongSupplier nanoTime, Sleeper sleeper) {
        this.database = database;
        this.warnAfter = warnAfter;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
    }

    static CommitVisibilityWait on(Connection connection) {
        return new CommitVisibilityWait(new Sql(connection), Duration.ofSeconds(10), System::nanoTime,
                nanos -> Thread.sleep(Duration.ofNanos(nanos)));
    }

    /**
     * Returns once no transaction running now is still running; never gives up. A wait longer than the warning
     * threshold is logged once, naming the transaction and its session, and reported to {@code status}.
     *
     * @param what the chunk, for the messages
     * @return how long it waited, in nanoseconds
     */
    long await(String what, Status status) throws SQLException, InterruptedException {
        long started = nanoTime.getAsLong();
        List<Long> running = database.running();
        long poll = FIRST_POLL_NANOS;
        boolean warned = false;
        while (!running.isEmpty()) {
            sleeper.sleep(poll);
            poll = Math.min(poll * 2, MAX_POLL_NANOS);
            running = database.stillRunning(running);
            long waited = nanoTime.getAsLong() - started;
            if (!warned && !running.isEmpty() && waited >= warnAfter.toNanos()) {
                long xid = running.getFirst();
                String message = "waiting " + waited / 1_000_000_000 + " s for transaction " + xid + " ("
                        + database.session(xid) + ") to end before reading " + what + ": it was running at the "
                        + "chunk's low watermark, and a read before it is visible could publish a row older than its "
                        + "change; commit or roll it back (or end its session) to let the backfill go on";
                log.warn(message);
                status.waiting(message);
                warned = true;
            }
        }
        long waited = nanoTime.getAsLong() - started;
        if (warned) {
            log.info("the transaction(s) running at the low watermark of {} ended after {} s; reading it", what,
                    waited / 1_000_000_000);
            status.waiting(null);
        }
        return waited;
    }

    /** The queries, on the backfill's connection (autocommit, so every query takes a fresh snapshot). */
    private record Sql(Connection connection) implements Database {
        @Override
        public List<Long> running() throws SQLException {
            return longs("SELECT x::text::bigint FROM pg_snapshot_xip(pg_current_snapshot()) x", null);
        }

        @Override
        public List<Long> stillRunning(List<Long> xids) throws SQLException {
            return longs("SELECT x FROM unnest(?::bigint[]) x, pg_current_snapshot() s"
                    + " WHERE NOT pg_visible_in_snapshot(x::text::xid8, s)", xids);
        }

        @Override
        public String session(long xid) throws SQLException {
            try (PreparedStatement statement = connection.prepareStatement("SELECT pid, state, query_start,"
                    + " left(regexp_replace(query, '\\s+', ' ', 'g'), 120) FROM pg_stat_activity"
                    + " WHERE backend_xid::text::bigint = ? % 4294967296")) {
                statement.setLong(1, xid);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return "no session in pg_stat_activity runs it: a prepared transaction? see pg_prepared_xacts";
                    }
                    return "backend pid " + row.getInt(1) + ", state " + row.getString(2) + ", query started "
                            + row.getString(3) + (row.getString(4) == null ? "" : ", last query: " + row.getString(4));
                }
            }
        }

        private List<Long> longs(String sql, List<Long> parameter) throws SQLException {
            List<Long> values = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                if (parameter != null) {
                    statement.setArray(1, connection.createArrayOf("bigint", parameter.toArray()));
                }
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        values.add(row.getLong(1));
                    }
                }
            }
            return values;
        }
    }
}
