package io.slot2kinesis.bench;

import io.slot2kinesis.localstack.LocalPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * The benchmark's tables, publication and slots on the embedded PostgreSQL.
 *
 * <p>Every contender drains the same slot contents: a template slot is created before the pre-fill and never read;
 * each measurement reads a fresh copy of it ({@code pg_copy_logical_replication_slot}), which starts where the
 * template starts and so sees exactly the pre-filled rows.
 */
final class BenchDatabase {
    static final String TABLE = "bench_rows";
    static final String LIVE_TABLE = "bench_live";
    static final String PUBLICATION = "bench_pub";
    static final String COLUMNS = "(id bigint PRIMARY KEY, sent_at_us bigint NOT NULL,"
            + " customer_id int NOT NULL, status text NOT NULL, total numeric(10,2) NOT NULL, note text,"
            + " created_at timestamptz NOT NULL)";
    private static final String ROWS = " SELECT g, %s, (g %% 5000)::int, 'paid', (g %% 100000) / 100.0,"
            + " md5(g::text), now() FROM generate_series(?, ?) g";

    private final LocalPostgres postgres;

    BenchDatabase(LocalPostgres postgres) {
        this.postgres = postgres;
    }

    void createSchema() {
        postgres.execute("CREATE TABLE public." + TABLE + " " + COLUMNS,
                "CREATE TABLE public." + LIVE_TABLE + " " + COLUMNS,
                "CREATE PUBLICATION " + PUBLICATION + " FOR TABLE public." + TABLE + ", public." + LIVE_TABLE);
    }

    /**
     * Empties the table, creates {@code template} and commits {@code rows} rows in transactions of
     * {@code transactionRows}; returns the WAL position after the last commit.
     */
    String fill(String template, long rows, long transactionRows, LongConsumer progress) throws SQLException {
        postgres.execute("TRUNCATE public." + TABLE);
        createSlot(template);
        try (Connection connection = postgres.connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO public." + TABLE + ROWS.formatted("0"))) {
            for (long first = 1; first <= rows; first += transactionRows) {
                insert.setLong(1, first);
                insert.setLong(2, Math.min(rows, first + transactionRows - 1));
                insert.executeUpdate();
                progress.accept(Math.min(rows, first + transactionRows - 1));
            }
        }
        return currentLsn();
    }

    /** Rows written by the latency test: each carries the wall-clock microsecond it was written at. */
    PreparedStatement liveInsert(Connection connection) throws SQLException {
        return connection.prepareStatement("INSERT INTO public." + LIVE_TABLE + ROWS.formatted("?::bigint"));
    }

    void createSlot(String slot) {
        postgres.execute("SELECT pg_create_logical_replication_slot('" + slot + "', 'pgoutput')");
    }

    void copySlot(String template, String copy) {
        postgres.execute("SELECT pg_copy_logical_replication_slot('" + template + "', '" + copy + "')");
    }

    /** Drops {@code slot} if it exists, waiting up to 10 s for the session that used it to end. */
    void dropSlot(String slot) {
        for (int attempt = 1; ; attempt++) {
            try {
                postgres.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots"
                        + " WHERE slot_name = '" + slot + "'");
                return;
            } catch (IllegalStateException stillActive) {
                if (attempt == 50) {
                    throw stillActive;
                }
                LockSupport.parkNanos(200_000_000L);
            }
        }
    }

    /** The end of the WAL so far: the insert position, which asynchronous commits leave ahead of the write position. */
    String currentLsn() throws SQLException {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            result.next();
            return result.getString(1);
        }
    }

    /** WAL bytes between two positions. */
    long walBytes(String from, String to) throws SQLException {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "SELECT pg_wal_lsn_diff('" + to + "', '" + from + "')::bigint")) {
            result.next();
            return result.getLong(1);
        }
    }

    LocalPostgres postgres() {
        return postgres;
    }
}
