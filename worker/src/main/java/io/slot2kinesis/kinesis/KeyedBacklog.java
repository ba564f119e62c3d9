package io.slot2kinesis.kinesis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The records waiting to be put, one queue per partition key, with at most one record of a key travelling at once.
 *
 * <p>Keys whose oldest record may go now sit in a ready queue ordered by that record's number, and a request takes
 * one record from each of the first of them. A key with thousands of queued records (one row updated over and over)
 * therefore costs one entry per request and never hides the keys behind it, and the oldest records go first so
 * acknowledgement keeps moving. Not thread-safe: the publisher calls it with its lock held.
 */
final class KeyedBacklog {
    static final class Waiting {
        final OutgoingRecord record;
        int failures;
        long notBeforeNanos;

        Waiting(OutgoingRecord record) {
            this.record = record;
        }
    }

    private static final class KeyQueue {
        final ArrayDeque<Waiting> records = new ArrayDeque<>();
        boolean inFlight;

        long headNumber() {
            return records.peekFirst().record.number();
        }

        long headNotBefore() {
            return records.peekFirst().notBeforeNanos;
        }
    }

    /** Every key with records waiting or in flight. */
    private final Map<String, KeyQueue> keys = new HashMap<>();
    /** Keys not in flight whose oldest record may go now, oldest first. */
    private final PriorityQueue<KeyQueue> ready = new PriorityQueue<>(Comparator.comparingLong(KeyQueue::headNumber));
    /** Keys whose oldest record failed and waits for its retry, soonest first. */
    private final PriorityQueue<KeyQueue> backingOff =
            new PriorityQueue<>(Comparator.comparingLong(KeyQueue::headNotBefore));
    private int waiting;
    private int inFlight;

    void add(OutgoingRecord record) {
        KeyQueue queue = keys.computeIfAbsent(record.partitionKey(), k -> new KeyQueue());
        queue.records.addLast(new Waiting(record));
        if (queue.records.size() == 1 && !queue.inFlight) {
            ready.add(queue);
        }
        waiting++;
    }

    /** True when {@link #take} would return something at {@code nowNanos}. */
    boolean anyReady(long nowNanos) {
        while (!backingOff.isEmpty() && backingOff.peek().headNotBefore() - nowNanos <= 0) {
            ready.add(backingOff.poll());
        }
        return !ready.isEmpty();
    }

    /** The oldest record of each of the first ready keys, within the request limits; they are in flight from now. */
    List<Waiting> take(int maxRecords, long maxBytes, long nowNanos) {
        anyReady(nowNanos);
        List<Waiting> batch = new ArrayList<>(Math.min(maxRecords, ready.size()));
        long bytes = 0;
        while (!ready.isEmpty() && batch.size() < maxRecords) {
            KeyQueue queue = ready.peek();
            int size = queue.records.peekFirst().record.sizeInBytes();
            if (bytes + size > maxBytes && !batch.isEmpty()) {
                break;
            }
            ready.poll();
            queue.inFlight = true;
            batch.add(queue.records.pollFirst());
            bytes += size;
        }
        waiting -= batch.size();
        inFlight += batch.size();
        return batch;
    }

    /** Kinesis accepted a record in flight: the next record of its key may go. */
    void accepted(Waiting item) {
        KeyQueue queue = landed(item);
        if (queue.records.isEmpty()) {
            keys.remove(item.record.partitionKey());
        } else {
            ready.add(queue);
        }
    }

    /** A record in flight failed: back before every later record of its key, it waits until {@code notBefore}. */
    void failed(Waiting item, long notBeforeNanos) {
        KeyQueue queue = landed(item);
        item.failures++;
        item.notBeforeNanos = notBeforeNanos;
        queue.records.addFirst(item);
        waiting++;
        backingOff.add(queue);
    }

    private KeyQueue landed(Waiting item) {
        KeyQueue queue = keys.get(item.record.partitionKey());
        queue.inFlight = false;
        inFlight--;
        return queue;
    }

    /** Records not in flight. */
    int waiting() {
        return waiting;
    }

    int inFlight() {
        return inFlight;
    }

    /** When the next failed record may be retried, or {@code Long.MAX_VALUE} nanoseconds away when none waits. */
    long nanosUntilNextRetry(long nowNanos) {
        return backingOff.isEmpty() ? Long.MAX_VALUE : backingOff.peek().headNotBefore() - nowNanos;
    }
}
