package io.slot2kinesis.localstack.kinesis;

import java.util.ArrayList;
import java.util.List;

/**
 * A shard's records in arrival order, addressed by position (0, 1, 2, ...). With a retention limit it keeps
 * only the newest records, so a million-record benchmark does not hold every payload in memory, while
 * positions (and so sequence numbers) keep counting. Not thread-safe: {@link Shard} guards it.
 */
final class RecordLog {

    private final int retainLast;
    private StoredRecord[] ring;
    private int head;
    private int size;
    private long firstPosition;

    /** @param retainLast how many of the newest records to keep, or 0 to keep all */
    RecordLog(int retainLast) {
        if (retainLast < 0) {
            throw new IllegalArgumentException("retainLast must be 0 (keep all) or positive, was " + retainLast);
        }
        this.retainLast = retainLast;
        // The ring must reach exactly retainLast slots so that overwriting the oldest slot keeps order.
        this.ring = new StoredRecord[retainLast > 0 ? Math.min(16, retainLast) : 16];
    }

    /** Position the next appended record will get; equals the number of records ever appended. */
    long nextPosition() {
        return firstPosition + size;
    }

    /** Oldest position still held; earlier records were dropped by the retention limit. */
    long firstPosition() {
        return firstPosition;
    }

    void append(StoredRecord record) {
        if (retainLast > 0 && size == retainLast) {
            ring[head] = record;
            head = (head + 1) % ring.length;
            firstPosition++;
            return;
        }
        if (size == ring.length) {
            grow();
        }
        ring[(head + size) % ring.length] = record;
        size++;
    }

    /** Up to {@code limit} records starting at {@code position} (clamped to the oldest held). */
    List<StoredRecord> read(long position, int limit) {
        long from = Math.max(position, firstPosition);
        int count = (int) Math.max(0, Math.min(limit, nextPosition() - from));
        List<StoredRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(get(from + i));
        }
        return out;
    }

    /** First position whose record arrived at or after {@code epochMillis}, or {@link #nextPosition()}. */
    long firstPositionAtOrAfter(long epochMillis) {
        for (long p = firstPosition; p < nextPosition(); p++) {
            if (get(p).arrivalMillis() >= epochMillis) {
                return p;
            }
        }
        return nextPosition();
    }

    StoredRecord get(long position) {
        return ring[(int) ((head + (position - firstPosition)) % ring.length)];
    }

    private void grow() {
        int capacity = ring.length * 2;
        if (retainLast > 0) {
            capacity = Math.min(capacity, retainLast);
        }
        StoredRecord[] bigger = new StoredRecord[capacity];
        for (int i = 0; i < size; i++) {
            bigger[i] = ring[(head + i) % ring.length];
        }
        ring = bigger;
        head = 0;
    }
}
