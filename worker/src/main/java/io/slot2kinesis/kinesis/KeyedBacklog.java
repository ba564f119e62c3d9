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
        final KeyQueue queue;
        int failures;
        long notBeforeNanos;

        Waiting(OutgoingRecord record, KeyQueue queue) {
            this.record = record;
            this.queue = queue;
        }
    }

    /**
     * One key's records, oldest first. Most keys hold one record at a time (a row changed once), so the first record
     * sits in a field and a deque exists only for a key with more.
     */
    private static final class KeyQueue {
        final String key;
        Waiting first;
        ArrayDeque<Waiting> rest;
        boolean inFlight;
        /** The head's number, copied when the key joins the ready queue: the head cannot change while it is there. */
        long readyNumber;

        KeyQueue(String key) {
            this.key = key;
        }

        boolean isEmpty() {
            return first == null;
        }

        void addLast(Waiting item) {
            if (first == null) {
                first = item;
            } else {
                if (rest == null) {
                    rest = new ArrayDeque<>();
                }
                rest.addLast(item);
            }
        }

        void addFirst(Waiting item) {
            if (first != null) {
                if (rest == null) {
                    rest = new ArrayDeque<>();
                }
                rest.addFirst(first);
            }
            first = item;
        }

        Waiting pollFirst() {
            Waiting head = first;
            first = rest == null ? null : rest.pollFirst();
            return head;
        }

        long headNotBefore() {
            return first.notBeforeNanos;
        }
    }

    /** Every key with records waiting or in flight. */
    private final Map<String, KeyQueue> keys = new HashMap<>();
    /**
     * Ready keys, that is keys not in flight whose oldest record may go now, oldest first, in two parts. Keys that
     * became ready as their first record was added join {@code readyInOrder} at its end: records are added in number
     * order, so it stays sorted at no cost. That is nearly every key when rows change once each. Keys that become
     * ready again (their previous record was accepted or waited for its retry) join {@code readyAgain}, a priority
     * queue; {@link #take} merges the two.
     */
    private final ArrayDeque<KeyQueue> readyInOrder = new ArrayDeque<>();
    private final PriorityQueue<KeyQueue> readyAgain =
            new PriorityQueue<>(Comparator.comparingLong((KeyQueue queue) -> queue.readyNumber));
    /** Keys whose oldest record failed and waits for its retry, soonest first. */
    private final PriorityQueue<KeyQueue> backingOff =
            new PriorityQueue<>(Comparator.comparingLong(KeyQueue::headNotBefore));
    private int waiting;
    private int inFlight;

    void add(OutgoingRecord record) {
        KeyQueue queue = keys.computeIfAbsent(record.partitionKey(), KeyQueue::new);
        boolean wasEmpty = queue.isEmpty();
        queue.addLast(new Waiting(record, queue));
        if (wasEmpty && !queue.inFlight) {
            queue.readyNumber = record.number();
            KeyQueue last = readyInOrder.peekLast();
            if (last == null || last.readyNumber <= queue.readyNumber) {
                readyInOrder.addLast(queue);
            } else {
                readyAgain.add(queue);
            }
        }
        waiting++;
    }

    private void makeReady(KeyQueue queue) {
        queue.readyNumber = queue.first.record.number();
        readyAgain.add(queue);
    }

    /** True when {@link #take} would return something at {@code nowNanos}. */
    boolean anyReady(long nowNanos) {
        while (!backingOff.isEmpty() && backingOff.peek().headNotBefore() - nowNanos <= 0) {
            makeReady(backingOff.poll());
        }
        return !readyInOrder.isEmpty() || !readyAgain.isEmpty();
    }

    /** The oldest ready key, without taking it; null when none is ready. */
    private KeyQueue oldestReady() {
        KeyQueue inOrder = readyInOrder.peekFirst();
        KeyQueue again = readyAgain.peek();
        if (inOrder == null) {
            return again;
        }
        return again == null || inOrder.readyNumber < again.readyNumber ? inOrder : again;
    }

    /** The oldest record of each of the first ready keys, within the request limits; they are in flight from now. */
    List<Waiting> take(int maxRecords, long maxBytes, long nowNanos) {
        anyReady(nowNanos);
        List<Waiting> batch = new ArrayList<>(Math.min(maxRecords, readyInOrder.size() + readyAgain.size()));
        long bytes = 0;
        KeyQueue queue;
        while (batch.size() < maxRecords && (queue = oldestReady()) != null) {
            int size = queue.first.record.sizeInBytes();
            if (bytes + size > maxBytes && !batch.isEmpty()) {
                break;
            }
            if (queue == readyInOrder.peekFirst()) {
                readyInOrder.pollFirst();
            } else {
                readyAgain.poll();
            }
            queue.inFlight = true;
            batch.add(queue.pollFirst());
            bytes += size;
        }
        waiting -= batch.size();
        inFlight += batch.size();
        return batch;
    }

    /** Kinesis accepted a record in flight: the next record of its key may go. */
    void accepted(Waiting item) {
        KeyQueue queue = landed(item);
        if (queue.isEmpty()) {
            keys.remove(queue.key);
        } else {
            makeReady(queue);
        }
    }

    /** A record in flight failed: back before every later record of its key, it waits until {@code notBefore}. */
    void failed(Waiting item, long notBeforeNanos) {
        KeyQueue queue = landed(item);
        item.failures++;
        item.notBeforeNanos = notBeforeNanos;
        queue.addFirst(item);
        waiting++;
        backingOff.add(queue);
    }

    private KeyQueue landed(Waiting item) {
        KeyQueue queue = item.queue;
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
