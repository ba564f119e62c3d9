package io.slot2kinesis.replication;

import io.slot2kinesis.change.TableId;
import io.slot2kinesis.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds selected tables created after the publication to it, while the worker streams: every few seconds it compares
 * the catalog with the publications, and adds each missing selected table to the publication the worker created
 * ({@code _insert_only} for a table that cannot log old rows), in one transaction with a backfill request for it, so
 * its rows from before the add (which pgoutput never sends) reach the stream as {@code load} records, and a crash
 * cannot leave the table added without its backfill.
 *
 * <p>A publication the worker did not create is never altered: each selected table it lacks gets one warning with
 * the statement to run. Without a mappings file the publication is the selection, so nothing is reported for it.
 *
 * <p>Selected unlogged tables, and unlogged partitions of selected tables, get one warning each: PostgreSQL cannot
 * publish them. Once set LOGGED, a table is missing from the publication like a table created later; a partition is
 * captured with its partitioned table.
 */
public final class NewTableCapture implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NewTableCapture.class);
    static final Duration INTERVAL = Duration.ofSeconds(3);

    /** Files backfill requests for added tables. */
    public interface Backfills {
        /** Makes sure a request can be filed (e.g. creates the signal table); throws saying why not. */
        void prepare(Connection connection) throws SQLException;

        /** Files a backfill of {@code table} in the connection's open transaction; returns e.g. "backfill #12". */
        String request(Connection connection, TableId table) throws SQLException;
    }

    private final DatabaseConfig database;
    private final String publication;
    private final Predicate<TableId> selected;
    private final boolean selectedByMappings;
    private final Backfills backfills;
    private final Set<TableId> reported = new HashSet<>();
    /** Apart from {@link #reported}: a table set LOGGED is then missing, and must be reported as such. */
    private final Set<TableId> reportedUnlogged = new HashSet<>();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * Starts watching. {@code backfills} is null when backfill is not available (PostgreSQL before 14); then an added
     * table's earlier rows are reported missing.
     */
    public NewTableCapture(DatabaseConfig database, String publication, Predicate<TableId> selected,
            boolean selectedByMappings, Backfills backfills) {
        this.database = database;
        this.publication = publication;
        this.selected = selected;
        this.selectedByMappings = selectedByMappings;
        this.backfills = backfills;
        this.thread = Thread.ofPlatform().daemon().name("new-tables").start(this::loop);
    }

    private void loop() {
        int failures = 0;
        while (!closed) {
            try (SlotManager manager = new SlotManager(database, null)) {
                while (!closed) {
                    poll(manager);
                    failures = 0;
                    Thread.sleep(INTERVAL.toMillis());
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                failures++;
                log.warn("looking for selected tables missing from publication '{}' failed: {}; retrying in {} s",
                        publication, e.getMessage(), Math.min(30, failures * INTERVAL.toSeconds()));
                try {
                    Thread.sleep(Math.min(30_000, failures * INTERVAL.toMillis()));
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void poll(SlotManager manager) throws SQLException {
        String insertOnly = publication + PublicationSetup.INSERT_ONLY_SUFFIX;
        boolean owned = NewTables.ownedByWorker(manager.publicationComment(publication));
        if (!owned && !selectedByMappings) {
            return;
        }
        Set<TableId> published = new HashSet<>();
        for (String name : List.of(publication, insertOnly)) {
            for (PublishedTable table : manager.publishedTables(name)) {
                published.add(table.table());
                published.add(table.root());
            }
        }
        List<NewTables.Missing> missing = NewTables.missing(Catalog.userTables(manager.connection()), published,
                selected);
        reported.retainAll(missing.stream().map(NewTables.Missing::table).toList());
        reportUnlogged(manager, owned);
        boolean insertOnlyExists = owned || missing.stream().anyMatch(NewTables.Missing::insertOnly)
                && manager.publicationExists(insertOnly);
        for (NewTables.Missing table : missing) {
            if (closed) {
                return;
            }
            String target = NewTables.targetPublication(publication, table.insertOnly(), insertOnlyExists);
            if (!owned) {
                reportOnce(table.table(), NewTables.notInUserPublication(target, table));
            } else {
                add(manager.connection(), table, target);
            }
        }
    }

    /** Names each selected unlogged table, and each unlogged partition of a selected table, once while it is so. */
    private void reportUnlogged(SlotManager manager, boolean owned) throws SQLException {
        Map<TableId, String> unlogged = new LinkedHashMap<>();
        for (TableId table : Catalog.unloggedTables(manager.connection())) {
            if (selected.test(table)) {
                unlogged.put(table, NewTables.unlogged(publication, table, owned));
            }
        }
        Catalog.unloggedPartitions(manager.connection()).forEach((partition, root) -> {
            if (selected.test(root)) {
                unlogged.put(partition, NewTables.unloggedPartition(partition, root));
            }
        });
        reportedUnlogged.retainAll(unlogged.keySet());
        unlogged.forEach((table, message) -> {
            if (reportedUnlogged.add(table)) {
                log.warn(message);
            }
        });
    }

    private void add(Connection connection, NewTables.Missing table, String target) throws SQLException {
        String noBackfill = noBackfill(connection, table);
        String backfill = null;
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            // The add waits for the application's locks on the table; give up and retry on the next round instead.
            statement.execute("SET LOCAL lock_timeout = '2s'");
            statement.execute(NewTables.addTable(target, table.table()));
            if (noBackfill == null) {
                backfill = backfills.request(connection, table.table());
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            failed(connection, table, target, e);
            return;
        } finally {
            connection.setAutoCommit(true);
        }
        reported.remove(table.table());
        if (noBackfill == null) {
            log.info("added table {} to publication '{}' (created after the publication, or set LOGGED since); its "
                    + "rows written before that are sent as load records by {}", table.table().qualified(), target,
                    backfill);
        } else {
            log.warn(NewTables.gap(table, target, noBackfill));
        }
    }

    /** Why the table's rows from before the add cannot be backfilled; null when they can. */
    private String noBackfill(Connection connection, NewTables.Missing table) {
        if (!table.backfill()) {
            return "it has no primary key, so it cannot be backfilled" + (table.insertOnly() ? "; as it cannot "
                    + "log old rows, only its INSERTs and TRUNCATEs are captured, as AWS DMS does" : "");
        }
        if (backfills == null) {
            return "backfill needs PostgreSQL 14 or later; re-read the table's rows another way";
        }
        try {
            backfills.prepare(connection);
            return null;
        } catch (SQLException | RuntimeException e) {
            return "its backfill cannot be filed: " + e.getMessage() + "; then run: slot2kinesis backfill --table "
                    + table.table().qualified();
        }
    }

    private void failed(Connection connection, NewTables.Missing table, String target, SQLException e)
            throws SQLException {
        switch (String.valueOf(e.getSQLState())) {
            // Dropped, or added by someone else, since the catalog was read: the next round sees it as it is.
            case "42P01", "42710" -> log.debug("adding {} to '{}': {}", table.table().qualified(), target,
                    e.getMessage());
            case "55P03" -> log.info("table {} is locked by another session; adding it to publication '{}' is "
                    + "retried in {} s", table.table().qualified(), target, INTERVAL.toSeconds());
            case "42501" -> reportOnce(table.table(), NewTables.cannotAdd(target, table, database.user(),
                    owner(connection, table.table()), e.getMessage()));
            default -> reportOnce(table.table(), NewTables.cannotAdd(target, table, database.user(),
                    owner(connection, table.table()), e.getMessage() + ", SQLSTATE " + e.getSQLState()));
        }
    }

    /** The role owning the table; null when it is gone. */
    private static String owner(Connection connection, TableId table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_get_userbyid(relowner) FROM pg_class"
                + " WHERE oid = to_regclass(format('%I.%I', ?::text, ?::text))")) {
            statement.setString(1, table.schema());
            statement.setString(2, table.name());
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private void reportOnce(TableId table, String message) {
        if (reported.add(table)) {
            log.warn(message);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join(10_000);
    }
}
