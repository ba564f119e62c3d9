package io.slot2kinesis.load;

import io.slot2kinesis.change.Row;
import io.slot2kinesis.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the backfill requests of the signal table, one at a time, while the worker streams: each request is read in
 * primary key chunks between a low and a high watermark, each chunk read only once the transactions running at its
 * low watermark are visible ({@link CommitVisibilityWait}); the reader publishes each chunk at its high watermark
 * ({@link WatermarkWindow}), and once Kinesis accepted the chunk (the slot may be flushed past the high
 * watermark) its last key is stored in the request, where a restart resumes.
 */
final class Backfiller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Backfiller.class);
    private static final long POLL_MILLIS = 1_000;
    private static final long PROGRESS_LOG_NANOS = 10_000_000_000L;

    private final DatabaseConfig database;
    private final String slot;
    private final List<String> publications;
    private final LoadConfig config;
    private final WatermarkWindow window;
    private final Supplier<LogSequenceNumber> flushable;
    private final Thread thread;
    private volatile boolean closed;
    private long nonce = System.currentTimeMillis();

    /** @param publications the worker's publications: their column lists and row filters apply to every chunk */
    Backfiller(DatabaseConfig database, String slot, List<String> publications, LoadConfig config,
            WatermarkWindow window, Supplier<LogSequenceNumber> flushable) {
        this.database = database;
        this.slot = slot;
        this.publications = List.copyOf(publications);
        this.config = config;
        this.window = window;
        this.flushable = flushable;
        this.thread = Thread.ofPlatform().daemon().name("backfill").start(this::loop);
    }

    private void loop() {
        int failures = 0;
        while (!closed) {
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.sqlProperties())) {
                SignalTable signals = new SignalTable(connection, config.signalTable());
                while (!closed) {
                    Optional<BackfillRequest> next = signals.exists() ? signals.nextOpen(slot) : Optional.empty();
                    if (next.isEmpty()) {
                        Thread.sleep(POLL_MILLIS);
                        continue;
                    }
                    failures = 0;
                    run(connection, signals, next.get());
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                failures++;
                log.warn("backfill (signal table {}) failed: {}; retrying in {} s, resuming after the last chunk "
                        + "Kinesis accepted", config.signalTable().qualified(), e.getMessage(), Math.min(30, failures));
                try {
                    Thread.sleep(Math.min(30, failures) * 1_000L);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void run(Connection connection, SignalTable signals, BackfillRequest request)
            throws SQLException, InterruptedException {
        LoadTable table;
        try {
            table = LoadTable.describe(connection, request.table(), publications);
        } catch (LoadException e) {
            signals.finish(request.id(), "failed", e.getMessage());
            log.error("{}: {}", request.describe(), e.getMessage());
            return;
        }
        if (!table.hasPrimaryKey()) {
            String why = LoadTable.describe(connection, request.table()).hasPrimaryKey()
                    ? LoadTable.keyOutsideColumnList(table.id()) : LoadTable.noPrimaryKeyToBackfill(table.id());
            signals.finish(request.id(), "failed", why);
            log.error("backfill #{} failed: {}", request.id(), why);
            return;
        }
        log.info("{}: starting", request.describe());
        Throttle throttle = new Throttle(config.rowsPerSecond());
        List<String> lastKey = request.lastKey();
        long rows = request.rowsSent();
        long chunks = request.chunks();
        long started = System.nanoTime();
        long lastLog = started;
        CommitVisibilityWait visibility = CommitVisibilityWait.on(connection);
        WaitTimes waits = new WaitTimes(4096);
        while (!closed) {
            Chunk chunk = chunk(connection, table, lastKey, request, visibility, waits);
            if (chunk.rows().isEmpty()) {
                break;
            }
            if (chunk.outcome().discarded()) {
                log.info("backfill #{}: chunk after key {} dropped ({}), reading it again", request.id(), lastKey,
                        chunk.outcome().discardReason());
                continue;
            }
            awaitFlushablePast(chunk.outcome().commitLsn());
            lastKey = table.keyOf(chunk.rows().getLast());
            signals.progress(request.id(), lastKey, chunk.outcome().rows());
            rows += chunk.outcome().rows();
            chunks++;
            if (System.nanoTime() - lastLog > PROGRESS_LOG_NANOS) {
                log.info("backfill #{} of {}: {} row(s) in {} chunk(s), at key {}", request.id(),
                        table.id().qualified(), rows, chunks, lastKey);
                lastLog = System.nanoTime();
            }
            if (chunk.rows().size() < config.chunkRows()) {
                break;
            }
            throttle.acquire(chunk.rows().size());
        }
        if (!closed) {
            signals.finish(request.id(), "done", null);
            log.info("backfill #{} of {} done: {} row(s) in {} chunk(s), {} s; wait for transactions running at the "
                    + "low watermarks: {}", request.id(), table.id().qualified(), rows, chunks,
                    String.format("%.1f", (System.nanoTime() - started) / 1e9), waits.describe());
        }
    }

    /** The rows read and what the reader did with them; outcome is null when the chunk was empty. */
    private record Chunk(List<Row> rows, ChunkOutcome outcome) {}

    private Chunk chunk(Connection connection, LoadTable table, List<String> afterKey, BackfillRequest request,
            CommitVisibilityWait visibility, WaitTimes waits) throws SQLException, InterruptedException {
        String id = slot + "/" + table.id().qualified() + "/" + (++nonce);
        CompletableFuture<ChunkOutcome> outcome = window.expect(id, table);
        try {
            emit(connection, "low:" + id);
            SignalTable signals = new SignalTable(connection, config.signalTable());
            String what = afterKey == null ? "the first chunk of backfill #" + request.id()
                    : "the chunk of backfill #" + request.id() + " after key " + afterKey;
            waits.add(visibility.await(what, message -> signals.waiting(request.id(), message)));
            List<Row> rows = read(connection, table, afterKey, request.where());
            if (rows.isEmpty()) {
                return new Chunk(rows, null);
            }
            window.read(id, rows);
            emit(connection, "high:" + id);
            return new Chunk(rows, await(outcome));
        } finally {
            window.abandon(id);
        }
    }

    private List<Row> read(Connection connection, LoadTable table, List<String> afterKey, String where)
            throws SQLException {
        List<Row> rows = new ArrayList<>(Math.min(config.chunkRows(), 4096));
        try (PreparedStatement statement = connection.prepareStatement(
                RowQueries.chunk(table, afterKey != null, where, config.chunkRows()))) {
            if (afterKey != null) {
                for (int i = 0; i < afterKey.size(); i++) {
                    statement.setString(i + 1, afterKey.get(i));
                }
            }
            try (ResultSet result = statement.executeQuery()) {
                int columns = table.schema().columns().size();
                while (result.next()) {
                    rows.add(RowQueries.row(result, columns));
                }
            }
        }
        return rows;
    }

    /**
     * Commits the watermark alone: the chunk's load records take positions 1..n at the high watermark's commit LSN
     * ({@link LoadPositions}), which must carry no change of its own.
     */
    private static void emit(Connection connection, String content) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("backfill watermarks must be written in autocommit: a change in the same "
                    + "transaction would share its position with the chunk's load records");
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT pg_logical_emit_message(true, '" + WatermarkWindow.PREFIX + "', ?)")) {
            statement.setString(1, content);
            statement.execute();
        }
    }

    private ChunkOutcome await(CompletableFuture<ChunkOutcome> outcome) throws InterruptedException {
        while (true) {
            if (closed) {
                throw new InterruptedException("stopping");
            }
            try {
                return outcome.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // the reader has not reached the high watermark yet
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private void awaitFlushablePast(LogSequenceNumber commitLsn) throws InterruptedException {
        while (flushable.get().asLong() <= commitLsn.asLong()) {
            if (closed) {
                throw new InterruptedException("stopping");
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.interrupt();
        thread.join(10_000);
    }
}
