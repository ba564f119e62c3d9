package io.slot2kinesis.largerecord;

import io.slot2kinesis.format.EncodedRecord;
import io.slot2kinesis.kinesis.Backoff;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code S2K_OVERSIZE=s3}: puts a record too large for the stream into an object, then gives the pointer record to
 * publish in its place. Runs on the reading thread and returns only once the object exists, retrying with capped
 * backoff for as long as it takes: the pointer is queued after that, so the slot is never acknowledged past a record
 * whose body is not stored. A crash before the pointer is acknowledged puts the object again under the same key.
 */
public final class LargeRecordOffload {
    private static final Logger log = LoggerFactory.getLogger(LargeRecordOffload.class);
    /** How often the caller's keep-alive runs while waiting to retry. */
    private static final Duration WAIT_SLICE = Duration.ofSeconds(1);

    private final LargeRecordStore store;
    private final String prefix;
    private final String stream;
    private final String slot;
    private final PointerRecords pointers;
    private final Backoff backoff;

    /**
     * @param prefix the start of every object key ({@code S2K_OVERSIZE_PREFIX})
     * @param stream the stream's name, part of every object key
     * @param slot   the replication slot read, part of every object key (table groups share a stream)
     */
    public LargeRecordOffload(LargeRecordStore store, String prefix, String stream, String slot,
            PointerRecords pointers, Backoff backoff) {
        this.store = store;
        this.prefix = prefix;
        this.stream = stream;
        this.slot = slot;
        this.pointers = pointers;
        this.backoff = backoff;
    }

    /**
     * Stores {@code record}'s data and returns its pointer record, under the same partition key.
     *
     * @param commitLsn    the record's commit LSN and {@code position} its position in the transaction: the object key
     * @param origin       table, key and LSN of the record, for the log
     * @param whileWaiting runs about once a second between attempts (the replication keep-alive); may throw to stop
     */
    public EncodedRecord offload(EncodedRecord record, long commitLsn, long position, String origin,
            Runnable whileWaiting) throws InterruptedException {
        byte[] body = record.data();
        byte[] sha256 = sha256(body);
        LargeRecordPointer pointer = new LargeRecordPointer(store.bucket(),
                ObjectKeys.forRecord(prefix, stream, slot, commitLsn, position), body.length, HexFormat.of().formatHex(sha256));
        for (int attempt = 1; ; attempt++) {
            try {
                store.put(pointer.key(), body, sha256);
                break;
            } catch (RuntimeException e) {
                Duration wait = backoff.after(attempt);
                // The SDK's messages name the service's error code and request id, never credentials.
                log.warn("could not store the {}-byte record for {} in {} (attempt {}: {}); retrying in {} ms, "
                                + "nothing after it is acknowledged until it is stored", body.length, origin,
                        pointer.location(), attempt, e.toString(), wait.toMillis());
                await(wait, whileWaiting);
            }
        }
        log.info("record for {} is {} bytes, above the stream's maximum: stored in {}, a pointer record published in "
                + "its place (S2K_OVERSIZE=s3)", origin, body.length, pointer.location());
        return new EncodedRecord(record.partitionKey(), pointers.pointerRecord(body, pointer));
    }

    /** Runs {@code whileWaiting} at least once (a stop is seen after every failure), then about once a second. */
    private static void await(Duration wait, Runnable whileWaiting) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        long left = wait.toNanos();
        do {
            whileWaiting.run();
            Thread.sleep(Duration.ofNanos(Math.max(0, Math.min(left, WAIT_SLICE.toNanos()))));
            left = end - System.nanoTime();
        } while (left > 0);
    }

    static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
