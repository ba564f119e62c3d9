package io.slot2kinesis.pipeline;

import io.slot2kinesis.change.ChangeEvent;
import io.slot2kinesis.change.ChangeListener;
import io.slot2kinesis.change.TableId;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.change.Transaction;
import io.slot2kinesis.checkpoint.AcknowledgementTracker;
import io.slot2kinesis.config.OversizePolicy;
import io.slot2kinesis.format.EncodedRecord;
import io.slot2kinesis.format.RecordFormat;
import io.slot2kinesis.largerecord.LargeRecordOffload;
import io.slot2kinesis.load.StreamTap;
import io.slot2kinesis.kinesis.RecordOrigin;
import io.slot2kinesis.kinesis.RecordPublisher;
import io.slot2kinesis.kinesis.UnnumberedRecord;
import io.slot2kinesis.pgoutput.PgOutputMessage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns each decoded change of a selected table into a Kinesis record, numbered for acknowledgement, and marks
 * transaction ends so their LSN can be flushed once everything before them is accepted.
 */
final class ChangeHandler implements ChangeListener {
    private static final Logger log = LoggerFactory.getLogger(ChangeHandler.class);

    private final Predicate<TableId> selected;
    private final RecordFormat format;
    private final RecordPublisher publisher;
    private final AcknowledgementTracker tracker;
    private final OversizePolicy oversize;
    private final int maxRecordBytes;
    private final String stream;
    private final Runnable keepAlive;
    private final BooleanSupplier stopped;
    private final LargeRecordOffload largeRecords;
    private final AtomicLong changesRead = new AtomicLong();
    private boolean inTransaction;
    private Transaction transaction;
    private StreamTap tap;

    ChangeHandler(Predicate<TableId> selected, RecordFormat format, RecordPublisher publisher,
            AcknowledgementTracker tracker, OversizePolicy oversize, int maxRecordBytes, String stream,
            Runnable keepAlive, BooleanSupplier stopped, LargeRecordOffload largeRecords) {
        this.selected = selected;
        this.format = format;
        this.publisher = publisher;
        this.tracker = tracker;
        this.oversize = oversize;
        this.maxRecordBytes = maxRecordBytes;
        this.stream = stream;
        this.keepAlive = keepAlive;
        this.stopped = stopped;
        this.largeRecords = largeRecords;
    }

    /** Shows every change and logical message to backfill, which may publish load records at a message. */
    void tap(StreamTap tap) {
        this.tap = tap;
    }

    /** Inside Begin … Commit: the slot must not be advanced past the server's position. */
    boolean inTransaction() {
        return inTransaction;
    }

    long changesRead() {
        return changesRead.get();
    }

    @Override
    public void begin(Transaction transaction) {
        inTransaction = true;
        this.transaction = transaction;
    }

    @Override
    public void change(ChangeEvent change) {
        if (tap != null) {
            tap.change(change);
        }
        if (!selected.test(change.table().id())) {
            return;
        }
        changesRead.incrementAndGet();
        publish(format.encode(change), change);
    }

    @Override
    public void relationChanged(TableSchema previous, TableSchema current, long nextPosition) {
        if (previous == null || transaction == null || !selected.test(current.id())) {
            return;
        }
        format.relationChanged(previous, current, transaction, nextPosition).ifPresent(record -> submit(record,
                RecordOrigin.of(current.id().qualified() + " schema change at commit LSN "
                        + transaction.commitLsn().asString())));
    }

    @Override
    public void commit(Transaction transaction, LogSequenceNumber endLsn) {
        inTransaction = false;
        tracker.commit(endLsn);
    }

    @Override
    public void message(PgOutputMessage.LogicalMessage message) {
        // Heartbeats only move the server's position; the idle acknowledgement takes it from there.
        if (tap != null) {
            for (ChangeEvent load : tap.message(message, transaction)) {
                changesRead.incrementAndGet();
                publish(format.encode(load), load);
            }
        }
    }

    private void publish(EncodedRecord encoded, ChangeEvent change) {
        ChangeOrigin origin = new ChangeOrigin(change.table().id(), encoded.partitionKey(),
                change.transaction().commitLsn().asLong(), change.position());
        int size = encoded.size();
        if (size > maxRecordBytes) {
            if (oversize == OversizePolicy.STOP) {
                throw new OversizeRecordException(origin.describe(), size, maxRecordBytes, stream);
            }
            if (oversize == OversizePolicy.S3) {
                submit(storeInS3(encoded, change, origin.describe()), origin);
                return;
            }
            log.warn("record for {} is {} bytes, above the stream's maximum of {}: published a marker record in its "
                    + "place (S2K_OVERSIZE=skip)", origin.describe(), size, maxRecordBytes);
            encoded = format.oversizeMarker(change, encoded.partitionKey(), size, maxRecordBytes);
        }
        submit(encoded, origin);
    }

    /**
     * A change's table, key, commit LSN and position in its transaction, as text only when a message needs it: a
     * buffered record holds these few fields instead of its own copy of the text.
     */
    private record ChangeOrigin(TableId table, String partitionKey, long commitLsn, long position)
            implements RecordOrigin {
        @Override
        public String describe() {
            return table.qualified() + " key " + partitionKey + " at commit LSN "
                    + Long.toHexString(commitLsn >>> 32).toUpperCase() + "/"
                    + Long.toHexString(commitLsn & 0xFFFFFFFFL).toUpperCase() + " #" + position;
        }
    }

    /** Returns once the object exists: only then may the pointer be queued, and the slot move past it. */
    private EncodedRecord storeInS3(EncodedRecord encoded, ChangeEvent change, String origin) {
        EncodedRecord pointer;
        try {
            pointer = largeRecords.offload(encoded, change.transaction().commitLsn().asLong(), change.position(),
                    origin, this::whileWaitingForSpace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StopRequested();
        }
        if (pointer.size() > maxRecordBytes) {
            throw new OversizeRecordException(origin + " (its pointer record)", pointer.size(), maxRecordBytes, stream);
        }
        return pointer;
    }

    private void submit(EncodedRecord encoded, RecordOrigin origin) {
        try {
            // Numbered by the publisher once queued: the keep-alive run while waiting for buffer space may throw on a
            // lost session, and a number taken before that would hold acknowledgement back forever.
            publisher.submit(new UnnumberedRecord(encoded.partitionKey(), encoded.data(), origin),
                    () -> tracker.nextRecord(System.currentTimeMillis()), this::whileWaitingForSpace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StopRequested();
        }
    }

    /**
     * Runs about once a second while the buffer is full, or while a large record waits for S3. A stop ends the wait:
     * with Kinesis or S3 unreachable it might never end, and SIGTERM must still finish within S2K_SHUTDOWN_TIMEOUT.
     */
    private void whileWaitingForSpace() {
        if (stopped.getAsBoolean()) {
            throw new StopRequested();
        }
        keepAlive.run();
    }

    /** The worker is stopping while the reading thread waited for buffer space or S3 (a stop, or an interrupt). */
    static final class StopRequested extends RuntimeException {
        StopRequested() {
            super("stop requested", null, false, false);
        }
    }
}
