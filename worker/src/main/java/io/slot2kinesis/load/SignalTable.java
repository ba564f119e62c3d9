package io.slot2kinesis.load;

import io.slot2kinesis.change.TableId;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The table through which {@code slot2kinesis backfill} asks the running worker to re-read a table, and where the
 * worker keeps each request's progress (the key of the last chunk Kinesis accepted), so a restart resumes it.
 * Requests are per slot: several workers can share the table.
 */
public final class SignalTable {
    private final Connection connection;
    private final TableId table;

    public SignalTable(Connection connection, TableId table) {
        this.connection = connection;
        this.table = table;
    }

    /** The DDL, also printed for operators who create the table themselves. */
    public String ddl() {
        return "CREATE TABLE IF NOT EXISTS " + name() + " (id bigserial PRIMARY KEY, slot text NOT NULL,"
                + " table_name text NOT NULL, where_clause text, state text NOT NULL DEFAULT 'pending',"
                + " last_key text[], rows_sent bigint NOT NULL DEFAULT 0, chunks bigint NOT NULL DEFAULT 0,"
                + " message text, origin text UNIQUE, requested_at timestamptz NOT NULL DEFAULT now(),"
                + " updated_at timestamptz NOT NULL DEFAULT now())";
    }

    public boolean exists() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, name());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    /** Creates the table when absent; fails with the DDL to run when the user may not. */
    public void ensure() throws SQLException {
        if (exists()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(ddl());
        } catch (SQLException e) {
            throw new LoadException("cannot create the signal table " + table.qualified() + " (" + e.getMessage()
                    + "): create it as its owner with: " + ddl() + "; grant SELECT, INSERT, UPDATE on it (and USAGE "
                    + "on its sequence) to the worker's user, or set S2K_SIGNAL_TABLE to a table it may create", e);
        }
    }

    /**
     * Adds a request and returns its id. With an {@code origin}, a request of the same origin is not added twice
     * (the worker's own requests, such as finishing an interrupted initial load); then the existing id is returned.
     */
    public long request(String slot, TableId target, String where, String origin) throws SQLException {
        String sql = "INSERT INTO " + name() + " (slot, table_name, where_clause, origin) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT (origin) DO NOTHING RETURNING id";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, slot);
            statement.setString(2, target.qualified());
            statement.setString(3, where);
            statement.setString(4, origin);
            try (ResultSet row = statement.executeQuery()) {
                if (row.next()) {
                    return row.getLong(1);
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT id FROM " + name()
                + " WHERE origin = ?")) {
            statement.setString(1, origin);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** The oldest request of this slot that is not finished. */
    public Optional<BackfillRequest> nextOpen(String slot) throws SQLException {
        List<BackfillRequest> open = select(" WHERE slot = ? AND state IN ('pending', 'running') ORDER BY id LIMIT 1",
                slot);
        return open.stream().findFirst();
    }

    public Optional<BackfillRequest> find(long id) throws SQLException {
        return select(" WHERE id = ?", id).stream().findFirst();
    }

    /** Every request of this slot, oldest first. */
    public List<BackfillRequest> all(String slot) throws SQLException {
        return select(" WHERE slot = ? ORDER BY id", slot);
    }

    /** A chunk was accepted by Kinesis: the request resumes after {@code lastKey}. */
    public void progress(long id, List<String> lastKey, int rows) throws SQLException {
        String sql = "UPDATE " + name() + " SET state = 'running', last_key = ?, rows_sent = rows_sent + ?,"
                + " chunks = chunks + 1, updated_at = now() WHERE id = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            Array key = connection.createArrayOf("text", lastKey.toArray());
            statement.setArray(1, key);
            statement.setInt(2, rows);
            statement.setLong(3, id);
            statement.executeUpdate();
        }
    }

    /** Why the request is not moving (shown by {@code backfill --status}); null clears it. */
    public void waiting(long id, String message) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE " + name()
                + " SET message = ?, updated_at = now() WHERE id = ?")) {
            statement.setString(1, message);
            statement.setLong(2, id);
            statement.executeUpdate();
        }
    }

    public void finish(long id, String state, String message) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("UPDATE " + name()
                + " SET state = ?, message = ?, updated_at = now() WHERE id = ?")) {
            statement.setString(1, state);
            statement.setString(2, message);
            statement.setLong(3, id);
            statement.executeUpdate();
        }
    }

    private List<BackfillRequest> select(String condition, Object parameter) throws SQLException {
        String sql = "SELECT id, slot, table_name, where_clause, state, last_key, rows_sent, chunks, message,"
                + " updated_at FROM " + name() + condition;
        List<BackfillRequest> requests = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Array key = row.getArray(6);
                    Timestamp updated = row.getTimestamp(10);
                    requests.add(new BackfillRequest(row.getLong(1), row.getString(2),
                            LoadConfig.parseTable(row.getString(3)), row.getString(4), row.getString(5),
                            key == null ? null : Arrays.asList((String[]) key.getArray()), row.getLong(7),
                            row.getLong(8), row.getString(9), updated.toInstant()));
                }
            }
        }
        return requests;
    }

    private String name() {
        return RowQueries.quote(table.schema()) + "." + RowQueries.quote(table.name());
    }
}
