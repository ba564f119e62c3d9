package io.slot2kinesis.load;

import io.slot2kinesis.config.DatabaseConfig;
import io.slot2kinesis.replication.ReplicationSetupException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A slot created over a replication connection with its snapshot exported: the database exactly as it was at the
 * slot's start, so a load read under it and the slot's changes meet with nothing missed and nothing twice. The
 * snapshot stays importable only while this connection is open and idle; close it once the load imported it.
 */
final class ExportedSnapshot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExportedSnapshot.class);
    private final Connection connection;
    private final LogSequenceNumber start;
    private final String name;

    private ExportedSnapshot(Connection connection, LogSequenceNumber start, String name) {
        this.connection = connection;
        this.start = start;
        this.name = name;
    }

    /** Creates the pgoutput slot (a failover slot on PostgreSQL 17+, like {@code SlotManager.createSlot}). */
    static ExportedSnapshot createSlot(DatabaseConfig database, String slot, int serverMajorVersion)
            throws SQLException {
        String options = serverMajorVersion >= 17 ? " (SNAPSHOT 'export', FAILOVER true)"
                : serverMajorVersion >= 15 ? " (SNAPSHOT 'export')" : " EXPORT_SNAPSHOT";
        Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.replicationProperties());
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("CREATE_REPLICATION_SLOT " + quote(slot)
                        + " LOGICAL pgoutput" + options)) {
            row.next();
            LogSequenceNumber start = LogSequenceNumber.valueOf(row.getString("consistent_point"));
            String snapshot = row.getString("snapshot_name");
            log.info("created replication slot '{}' with pgoutput at LSN {}{}, exporting snapshot {} for the initial "
                    + "load", slot, start.asString(), serverMajorVersion >= 17 ? " (failover slot)" : "", snapshot);
            return new ExportedSnapshot(connection, start, snapshot);
        } catch (SQLException e) {
            connection.close();
            if ("53400".equals(e.getSQLState())) {
                throw new ReplicationSetupException("cannot create replication slot '" + slot + "': "
                        + e.getMessage() + "; raise max_replication_slots (a restart) or drop a slot nobody reads", e);
            }
            throw e;
        }
    }

    LogSequenceNumber start() {
        return start;
    }

    String name() {
        return name;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
