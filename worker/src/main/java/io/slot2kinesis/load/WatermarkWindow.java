package io.slot2kinesis.load;

import io.slot2kinesis.change.ChangeEvent;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.Transaction;
import io.slot2kinesis.pgoutput.PgOutputMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The reader's side of a backfill chunk (the watermark technique of DBLog and Debezium's incremental snapshots).
 * Backfill announces a chunk, writes a low watermark, reads the chunk, hands it here and writes a high watermark.
 * Between the two watermarks the reader notes the primary key of every change of the chunk's table; at the high
 * watermark it drops those rows from the chunk (their changes carry newer values, and already went out) and
 * publishes the rest as {@code load} records. A row read in the chunk is therefore never published after a newer
 * change of its key. Lives as long as the worker, across reconnects: a replayed low watermark keeps the keys
 * already noted.
 */
public final class WatermarkWindow implements StreamTap {
    static final String PREFIX = "slot2kinesis-watermark";
    /** Most changed keys noted in one window; past it the chunk is dropped and read again in a new window. */
    static final int MAX_CHANGED_KEYS = 100_000;

    private final int maxChangedKeys;
    private Chunk chunk;

    public WatermarkWindow() {
        this(MAX_CHANGED_KEYS);
    }

    WatermarkWindow(int maxChangedKeys) {
        this.maxChangedKeys = maxChangedKeys;
    }

    private static final class Chunk {
        final String id;
        final LoadTable table;
        Set<List<String>> changedKeys = new HashSet<>();
        final CompletableFuture<ChunkOutcome> outcome = new CompletableFuture<>();
        boolean open;
        String discard;
        List<Row> rows;

        Chunk(String id, LoadTable table) {
            this.id = id;
            this.table = table;
        }
    }

    /** Backfill is about to write the low watermark of chunk {@code id}; the future completes at its high watermark. */
    synchronized CompletableFuture<ChunkOutcome> expect(String id, LoadTable table) {
        chunk = new Chunk(id, table);
        return chunk.outcome;
    }

    /** Backfill read the chunk (after the low watermark committed) and is about to write the high watermark. */
    synchronized void read(String id, List<Row> rows) {
        if (chunk != null && chunk.id.equals(id)) {
            chunk.rows = rows;
        }
    }

    /** Backfill gave up on the chunk (stopping, or the database went away). */
    synchronized void abandon(String id) {
        if (chunk != null && chunk.id.equals(id)) {
            chunk.outcome.cancel(false);
            chunk = null;
        }
    }

    @Override
    public synchronized void change(ChangeEvent change) {
        if (chunk == null || !chunk.open || chunk.discard != null || !change.table().id().equals(chunk.table.id())) {
            return;
        }
        if (change.operation() == Operation.TRUNCATE) {
            discard("a truncate of the table between its watermarks");
            return;
        }
        List<String> after = keyOf(change, change.after());
        List<String> before = keyOf(change, change.before());
        if (after == null && before == null) {
            discard("a change between its watermarks whose primary key could not be told");
            return;
        }
        if (after != null) {
            chunk.changedKeys.add(after);
        }
        if (before != null) {
            chunk.changedKeys.add(before);
        }
        if (chunk.changedKeys.size() > maxChangedKeys) {
            discard("more than " + maxChangedKeys + " keys of the table changed between its watermarks");
        }
    }

    /** Drops the chunk (it is read again in a new window) and the keys noted for it. */
    private void discard(String reason) {
        chunk.discard = reason;
        chunk.changedKeys = Set.of();
    }

    @Override
    public synchronized List<ChangeEvent> message(PgOutputMessage.LogicalMessage message, Transaction transaction) {
        if (chunk == null || !PREFIX.equals(message.prefix())) {
            return List.of();
        }
        String content = new String(message.content(), StandardCharsets.UTF_8);
        if (content.equals("low:" + chunk.id)) {
            chunk.open = true;
            return List.of();
        }
        if (!content.equals("high:" + chunk.id) || transaction == null) {
            return List.of();
        }
        Chunk done = chunk;
        chunk = null;
        if (!done.open || done.discard != null || done.rows == null) {
            String reason = done.discard != null ? done.discard : !done.open ? "its low watermark was not seen"
                    : "its rows were not read before its high watermark";
            done.outcome.complete(new ChunkOutcome(transaction.commitLsn(), 0, reason));
            return List.of();
        }
        List<ChangeEvent> records = new ArrayList<>(done.rows.size());
        for (Row row : done.rows) {
            if (!done.changedKeys.contains(done.table.keyOf(row))) {
                records.add(new ChangeEvent(Operation.LOAD, done.table.schema(), null, row, transaction,
                        records.size() + 1, message.lsn()));
            }
        }
        done.outcome.complete(new ChunkOutcome(transaction.commitLsn(), records.size(), null));
        return records;
    }

    /**
     * The primary key of a change's tuple, by column name (the change's columns may differ from the chunk's if the
     * table was altered; then the key is looked up by name, and a missing one discards the chunk).
     */
    private List<String> keyOf(ChangeEvent change, Row row) {
        if (row == null) {
            return null;
        }
        List<String> key = new ArrayList<>();
        for (int column : chunk.table.primaryKey()) {
            String name = chunk.table.schema().columns().get(column).name();
            int index = indexOf(change, name);
            if (index < 0 || index >= row.size() || row.isUnchangedToast(index) || row.isNull(index)) {
                return null;
            }
            key.add(row.text(index));
        }
        return key;
    }

    private static int indexOf(ChangeEvent change, String column) {
        for (int i = 0; i < change.table().columns().size(); i++) {
            if (change.table().columns().get(i).name().equals(column)) {
                return i;
            }
        }
        return -1;
    }
}
