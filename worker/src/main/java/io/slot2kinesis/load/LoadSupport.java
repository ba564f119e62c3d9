package io.slot2kinesis.load;

import io.slot2kinesis.change.ChangeListener;
import io.slot2kinesis.change.TableId;
import io.slot2kinesis.checkpoint.AcknowledgementTracker;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.replication.PublishedTable;
import io.slot2kinesis.replication.SlotGuard;
import io.slot2kinesis.replication.SlotManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The streamer's entry to initial loads and backfills, for one run of the worker: creates the slot with an exported
 * snapshot when an initial load is due, runs the load before the first change is read, finishes an interrupted load
 * through backfill, and runs backfill requests while the worker streams.
 */
public final class LoadSupport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LoadSupport.class);
    private final WorkerConfig config;
    private final Predicate<TableId> selected;
    private final WatermarkWindow window = new WatermarkWindow();
    private ExportedSnapshot snapshot;
    private Backfiller backfiller;

    public LoadSupport(WorkerConfig config, Predicate<TableId> selected) {
        this.config = config;
        this.selected = selected;
    }

    /**
     * How the slot is created: with an exported snapshot when {@code S2K_INITIAL_LOAD=on-create}, noting the load as
     * pending first (so a crash at any later point is seen on the next start); null for SlotGuard's default.
     */
    public SlotGuard.SlotCreator slotCreator(SlotManager manager) {
        if (config.load().initialLoad() != InitialLoadMode.ON_CREATE) {
            return null;
        }
        return () -> {
            notes(manager).pending();
            snapshot = ExportedSnapshot.createSlot(config.database(), config.slot(), manager.serverMajorVersion());
            return snapshot.start();
        };
    }

    /**
     * Called once the slot is ready and before its changes are read: runs the initial load when this start created
     * the slot, or hands the tables an interrupted load did not finish to backfill.
     */
    public void beforeStreaming(SlotManager manager, List<String> publications, AcknowledgementTracker tracker,
            ChangeListener sink, BooleanSupplier stopped) throws SQLException, InterruptedException {
        LoadNotes notes = notes(manager);
        ExportedSnapshot exported = snapshot;
        snapshot = null;
        if (exported != null) {
            try (exported) {
                new InitialLoad(config.database(), notes, tracker, config.load().rowsPerSecond(), stopped)
                        .run(exported, tables(manager, publications), publications, sink);
            }
            return;
        }
        LoadNotes.State state = notes.read();
        if (state.pending()) {
            resumeAsBackfill(manager, publications, state, notes);
        }
    }

    /** Starts running backfill requests (PostgreSQL 14+: the watermarks travel as logical messages). */
    public void startBackfill(boolean logicalMessages, List<String> publications, AcknowledgementTracker tracker) {
        if (backfiller != null) {
            return;
        }
        if (!logicalMessages) {
            log.info("backfill is not available: it needs PostgreSQL 14 or later (logical messages in pgoutput)");
            return;
        }
        backfiller = new Backfiller(config.database(), config.slot(), publications, config.load(), window,
                tracker::flushable);
    }

    /** What the stream's reader must show backfill. */
    public StreamTap tap() {
        return window;
    }

    private void resumeAsBackfill(SlotManager manager, List<String> publications, LoadNotes.State state,
            LoadNotes notes) throws SQLException {
        SignalTable signals = new SignalTable(manager.connection(), config.load().signalTable());
        signals.ensure();
        List<String> handed = new ArrayList<>();
        for (TableId table : tables(manager, publications)) {
            if (state.loadedTables().contains(table.qualified())) {
                continue;
            }
            LoadTable described = LoadTable.describe(manager.connection(), table);
            if (!described.hasPrimaryKey()) {
                log.error("the initial load of slot '{}' was interrupted before table {} was loaded, and that table "
                        + "has no primary key, so it cannot be re-read in chunks while streaming: its rows from before "
                        + "the slot's creation may be missing downstream; add a primary key and run 'slot2kinesis "
                        + "backfill --table {}'", config.slot(), table.qualified(), table.qualified());
                continue;
            }
            long id = signals.request(config.slot(), table, null, "initial-load:" + config.slot() + ":"
                    + table.qualified());
            handed.add(table.qualified() + " (#" + id + ")");
        }
        notes.done();
        log.warn("the initial load of slot '{}' was interrupted (the worker stopped or crashed); the tables it had not "
                + "finished are re-read as backfills while streaming: {}", config.slot(), handed);
    }

    private List<TableId> tables(SlotManager manager, List<String> publications) throws SQLException {
        List<TableId> tables = new ArrayList<>();
        for (String publication : publications) {
            for (PublishedTable published : manager.publishedTables(publication)) {
                // A partitioned table is read once, through its parent, under the name its changes stream as.
                TableId table = selected.test(published.root()) ? published.root() : published.table();
                if (selected.test(table) && !table.equals(config.load().signalTable()) && !tables.contains(table)) {
                    tables.add(table);
                }
            }
        }
        return tables;
    }

    private LoadNotes notes(SlotManager manager) {
        return new LoadNotes(manager, config.publication(), config.slot());
    }

    @Override
    public void close() throws InterruptedException {
        if (backfiller != null) {
            backfiller.close();
        }
        if (snapshot != null) {
            try {
                snapshot.close();
            } catch (SQLException e) {
                log.debug("closing the unused snapshot connection failed", e);
            }
        }
    }
}
