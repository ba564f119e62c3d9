package io.slot2kinesis.replication;

import io.slot2kinesis.change.TableId;
import io.slot2kinesis.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the slot and the publication when they are absent. Never drops or recreates either: a recreated slot
 * starts at the current WAL position and silently loses every change made while it was gone.
 */
public final class SlotManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlotManager.class);
    private final Connection connection;
    private final String slot;

    public SlotManager(DatabaseConfig database, String slot) throws SQLException {
        this.connection = DriverManager.getConnection(database.jdbcUrl(), database.sqlProperties());
        this.connection.setAutoCommit(true);
        this.slot = slot;
    }

    public Connection connection() {
        return connection;
    }

    public int serverMajorVersion() throws SQLException {
        return connection.getMetaData().getDatabaseMajorVersion();
    }

    public Optional<SlotState> slotState() throws SQLException {
        return slotState(slot);
    }

    /** The state of another slot, e.g. another table group's (for {@code check}). */
    public Optional<SlotState> slotState(String slot) throws SQLException {
        String sql = "SELECT s.slot_name, s.plugin, s.database, s.active, s.active_pid, s.confirmed_flush_lsn,"
                + " pg_current_wal_lsn() AS current_wal,"
                + " COALESCE(pg_wal_lsn_diff(pg_current_wal_lsn(), s.confirmed_flush_lsn), 0)::bigint AS lag"
                + " FROM pg_replication_slots s WHERE s.slot_name = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, slot);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                int pid = row.getInt("active_pid");
                Integer activePid = row.wasNull() ? null : pid;
                return Optional.of(new SlotState(row.getString("slot_name"), row.getString("plugin"),
                        row.getString("database"), row.getBoolean("active"), activePid,
                        lsn(row.getString("confirmed_flush_lsn")), lsn(row.getString("current_wal")),
                        row.getLong("lag")));
            }
        }
    }

    /**
     * Creates the slot with pgoutput; on PostgreSQL 17 and later as a failover slot, so that a standby that syncs
     * slots can take over without losing it. Returns the LSN it starts at.
     */
    public LogSequenceNumber createSlot() throws SQLException {
        boolean failover = serverMajorVersion() >= 17;
        String sql = failover ? "SELECT lsn FROM pg_create_logical_replication_slot(?, 'pgoutput', false, false, true)"
                : "SELECT lsn FROM pg_create_logical_replication_slot(?, 'pgoutput')";
        int socketTimeout = connection.getNetworkTimeout();
        // Creating a slot waits for every open transaction to end, however long they run.
        connection.setNetworkTimeout(Runnable::run, 0);
        try (PreparedStatement create = connection.prepareStatement(sql)) {
            create.setString(1, slot);
            try (ResultSet row = create.executeQuery()) {
                row.next();
                log.info("created replication slot '{}' with pgoutput at LSN {}{}", slot, row.getString(1),
                        failover ? " (failover slot)" : "");
                return LogSequenceNumber.valueOf(row.getString(1));
            }
        } catch (SQLException e) {
            if ("53400".equals(e.getSQLState())) {
                throw new ReplicationSetupException("cannot create replication slot '" + slot + "': "
                        + e.getMessage() + "; raise max_replication_slots (a restart) or drop a slot nobody reads", e);
            }
            throw e;
        } finally {
            connection.setNetworkTimeout(Runnable::run, socketTimeout);
        }
    }

    /** Checks that an existing slot is a pgoutput slot of this database. */
    public SlotState requireUsable(SlotState state) throws SQLException {
        String database = connection.getCatalog();
        if (!"pgoutput".equals(state.plugin())) {
            throw new ReplicationSetupException("replication slot '" + slot + "' uses the output plugin '"
                    + state.plugin() + "', not pgoutput: choose another S2K_SLOT (this worker never drops a slot)");
        }
        if (state.database() != null && !state.database().equals(database)) {
            throw new ReplicationSetupException("replication slot '" + slot + "' belongs to database '"
                    + state.database() + "', not '" + database + "': set PGDATABASE or choose another S2K_SLOT");
        }
        return state;
    }

    /** The publication's comment, where the worker notes the slots it created; null when there is none. */
    public String publicationComment(String publication) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT obj_description(oid, 'pg_publication') FROM pg_publication WHERE pubname = ?")) {
            statement.setString(1, publication);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    public void commentOnPublication(String publication, String comment) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("COMMENT ON PUBLICATION " + quote(publication) + " IS '" + comment.replace("'", "''")
                    + "'");
        }
    }

    public boolean publicationExists(String publication) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            statement.setString(1, publication);
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    /** The tables of a publication, in name order. */
    public List<TableId> publicationTables(String publication) throws SQLException {
        List<TableId> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT schemaname, tablename FROM pg_publication_tables WHERE pubname = ? ORDER BY 1, 2")) {
            statement.setString(1, publication);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    tables.add(new TableId(row.getString(1), row.getString(2)));
                }
            }
        }
        return tables;
    }

    /**
     * Whether the publication reports changes of partitions under their partitioned table's name
     * ({@code publish_via_partition_root}, PostgreSQL 13+); false before 13, where it cannot.
     */
    public boolean publishesViaPartitionRoot(String publication) throws SQLException {
        if (serverMajorVersion() < 13) {
            return false;
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pubviaroot FROM pg_publication WHERE pubname = ?")) {
            statement.setString(1, publication);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() && row.getBoolean(1);
            }
        }
    }

    /**
     * The tables of a publication with the partitioned table each belongs to, in name order. Without
     * {@code publish_via_partition_root} PostgreSQL lists a partitioned table's partitions rather than itself.
     */
    public List<PublishedTable> publishedTables(String publication) throws SQLException {
        String sql = "WITH RECURSIVE pub AS (SELECT c.oid, n.nspname, c.relname FROM pg_publication_tables pt"
                + " JOIN pg_namespace n ON n.nspname = pt.schemaname"
                + " JOIN pg_class c ON c.relnamespace = n.oid AND c.relname = pt.tablename WHERE pt.pubname = ?),"
                + " up (leaf, rel) AS (SELECT oid, oid FROM pub UNION ALL SELECT up.leaf, i.inhparent FROM up"
                + " JOIN pg_class c ON c.oid = up.rel AND c.relispartition JOIN pg_inherits i ON i.inhrelid = up.rel)"
                + " SELECT pub.nspname, pub.relname, rn.nspname, r.relname FROM pub JOIN up ON up.leaf = pub.oid"
                + " JOIN pg_class r ON r.oid = up.rel AND NOT r.relispartition"
                + " JOIN pg_namespace rn ON rn.oid = r.relnamespace ORDER BY 1, 2";
        List<PublishedTable> tables = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, publication);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    tables.add(new PublishedTable(new TableId(row.getString(1), row.getString(2)),
                            new TableId(row.getString(3), row.getString(4))));
                }
            }
        }
        return tables;
    }

    /**
     * Creates a publication for exactly these tables if it does not exist. {@code publish} is PostgreSQL's option,
     * e.g. {@code insert, truncate} for tables that cannot log old rows. On PostgreSQL 13 and later it publishes via the
     * partition root, so changes of a partitioned table arrive under its own name, whichever partition they touch.
     */
    public boolean ensurePublication(String publication, List<TableId> tables, String publish) throws SQLException {
        if (publicationExists(publication)) {
            return false;
        }
        StringBuilder sql = new StringBuilder("CREATE PUBLICATION ").append(quote(publication));
        if (!tables.isEmpty()) {
            sql.append(" FOR TABLE ");
            for (int i = 0; i < tables.size(); i++) {
                // ONLY: without it PostgreSQL also publishes the table's inheritance children, which do not inherit
                // its primary key (a keyless child would then refuse the application's UPDATE and DELETE).
                sql.append(i == 0 ? "ONLY " : ", ONLY ").append(quote(tables.get(i).schema())).append('.')
                        .append(quote(tables.get(i).name()));
            }
        }
        sql.append(" WITH (publish = '").append(publish).append('\'');
        if (serverMajorVersion() >= 13) {
            sql.append(", publish_via_partition_root = true");
        }
        sql.append(')');
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql.toString());
        }
        log.info("created publication '{}' ({}) for {} table(s): {}", publication, publish, tables.size(), tables);
        return true;
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static LogSequenceNumber lsn(String text) {
        return text == null ? LogSequenceNumber.INVALID_LSN : LogSequenceNumber.valueOf(text);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
