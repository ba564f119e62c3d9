package io.slot2kinesis.load;

import io.slot2kinesis.change.TableId;
import io.slot2kinesis.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/** What {@code slot2kinesis backfill} does: checks and files a request in the signal table, and reads progress. */
public final class BackfillClient implements AutoCloseable {
    private final Connection connection;
    private final SignalTable signals;
    private final String slot;

    public BackfillClient(DatabaseConfig database, String slot, TableId signalTable) throws SQLException {
        this.connection = DriverManager.getConnection(database.jdbcUrl(), database.sqlProperties());
        this.signals = new SignalTable(connection, signalTable);
        this.slot = slot;
    }

    /**
     * Files a request after checking that the table can be backfilled and that the condition is valid SQL for it;
     * returns the request's id.
     */
    public long request(TableId table, String where) throws SQLException {
        LoadTable described = LoadTable.describe(connection, table);
        if (!described.hasPrimaryKey()) {
            throw new LoadException(LoadTable.noPrimaryKeyToBackfill(table));
        }
        if (where != null) {
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery(RowQueries.chunk(described, false, where, 0)).close();
            } catch (SQLException e) {
                throw new LoadException("--where '" + where + "' is not a valid condition on " + table.qualified()
                        + ": " + e.getMessage(), e);
            }
        }
        signals.ensure();
        return signals.request(slot, table, where, null);
    }

    public Optional<BackfillRequest> find(long id) throws SQLException {
        return signals.find(id);
    }

    /** Every request of the slot; empty when the signal table does not exist yet. */
    public List<BackfillRequest> all() throws SQLException {
        return signals.exists() ? signals.all(slot) : List.of();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
