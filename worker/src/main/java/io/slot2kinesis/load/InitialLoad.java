package io.slot2kinesis.load;

import io.slot2kinesis.change.ChangeEvent;
import io.slot2kinesis.change.ChangeListener;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.TableId;
import io.slot2kinesis.change.Transaction;
import io.slot2kinesis.checkpoint.AcknowledgementTracker;
import io.slot2kinesis.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every selected table under the slot's exported snapshot and hands each row to the pipeline as a {@code load}
 * record, before the first streamed change. Load records are positioned just below the slot's consistent point with a
 * running row number, 1-based across the whole load ({@link LoadPositions}): they sort before every change the slot
 * streams and never share a position with one.
 */
final class InitialLoad {
    private static final Logger log = LoggerFactory.getLogger(InitialLoad.class);
    private static final int FETCH_ROWS = 2_000;

    private final DatabaseConfig database;
    private final LoadNotes notes;
    private final AcknowledgementTracker tracker;
    private final Throttle throttle;
    private final BooleanSupplier stopped;

    InitialLoad(DatabaseConfig database, LoadNotes notes, AcknowledgementTracker tracker, int rowsPerSecond,
            BooleanSupplier stopped) {
        this.database = database;
        this.notes = notes;
        this.tracker = tracker;
        this.throttle = new Throttle(rowsPerSecond);
        this.stopped = stopped;
    }

    /**
     * Loads the tables; closes the snapshot's connection once imported. Returns false when stopped before the end,
     * leaving the load pending (the next start hands what is left to backfill).
     */
    boolean run(ExportedSnapshot snapshot, List<TableId> tables, List<String> publications, ChangeListener sink)
            throws SQLException, InterruptedException {
        long started = System.nanoTime();
        long rows = 0;
        Transaction position = LoadPositions.initialLoad(snapshot.start(), Instant.now());
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.sqlProperties())) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            try (Statement statement = connection.createStatement()) {
                // No CommitVisibilityWait here: the slot's exported snapshot is, by construction, consistent with the
                // slot's start (a transaction is in the snapshot exactly when its changes precede the start).
                statement.execute("SET TRANSACTION SNAPSHOT '" + snapshot.name() + "'");
            }
            snapshot.close();
            log.info("initial load of {} table(s) under snapshot {} (slot start LSN {}): {}", tables.size(),
                    snapshot.name(), snapshot.start().asString(), tables);
            for (TableId id : tables) {
                if (stopped.getAsBoolean()) {
                    return false;
                }
                LoadTable table = LoadTable.describe(connection, id, publications);
                long tableRows = 0;
                try (Statement statement = connection.createStatement()) {
                    statement.setFetchSize(FETCH_ROWS);
                    try (ResultSet result = statement.executeQuery(RowQueries.all(table))) {
                        int columns = table.schema().columns().size();
                        while (result.next()) {
                            if ((tableRows & 1023) == 1023 && stopped.getAsBoolean()) {
                                log.warn("initial load stopped in table {} after {} row(s): the next start re-reads "
                                        + "the tables not finished as backfills", id.qualified(), tableRows);
                                return false;
                            }
                            rows++;
                            tableRows++;
                            sink.change(new ChangeEvent(Operation.LOAD, table.schema(), null,
                                    RowQueries.row(result, columns), position, rows, snapshot.start()));
                            throttle.acquire(1);
                        }
                    }
                }
                if (!awaitAccepted()) {
                    return false;
                }
                notes.loaded(id.qualified());
                log.info("initial load: {} row(s) of {} accepted by Kinesis", tableRows, id.qualified());
            }
            connection.commit();
        }
        notes.done();
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        log.info("initial load done: {} row(s) of {} table(s) in {} s ({} rows/s); streaming changes from LSN {}",
                rows, tables.size(), String.format("%.1f", seconds), Math.round(rows / seconds),
                snapshot.start().asString());
        return true;
    }

    /**
     * Waits until Kinesis accepted every record so far (nothing else is read while the load runs); false when stopped
     * first, since Kinesis may be unreachable and SIGTERM must finish within S2K_SHUTDOWN_TIMEOUT.
     */
    private boolean awaitAccepted() throws InterruptedException {
        while (tracker.pending() > 0) {
            if (stopped.getAsBoolean()) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }
}
