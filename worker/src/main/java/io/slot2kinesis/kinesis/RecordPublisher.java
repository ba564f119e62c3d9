package io.slot2kinesis.kinesis;

import java.time.Duration;
import io.slot2kinesis.kinesis.KeyedBacklog.Waiting;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * Puts records with {@code PutRecords}, retrying failed entries forever, and keeping every partition key's records
 * in the order they were submitted.
 *
 * <p>Order per key holds because a key never has two records travelling at once: a request carries at most one
 * record of a key, a key with a request in flight or a failed record waiting for its retry holds back every later
 * record of that key, and a failed record goes back before them. Resending only the failed entries of a partial
 * failure is therefore safe. Keys are independent, so up to {@code requestsInFlight} requests run at once, and a
 * key with a long backlog does not hold the others up ({@link KeyedBacklog}).
 */
public final class RecordPublisher implements AutoCloseable {
    /** Kinesis's limit on the total size of one PutRecords request. */
    static final long MAX_REQUEST_BYTES = 5L * 1024 * 1024;
    private static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Logger log = LoggerFactory.getLogger(RecordPublisher.class);

    /** Called for every record Kinesis accepted, from a publishing thread. */
    public interface AcceptanceListener {
        void accepted(OutgoingRecord record);
    }

    /** Settings of the publisher. */
    public record Options(int batchRecords, Duration linger, int requestsInFlight, long bufferBytes, Backoff backoff) {}

    private final KinesisClient client;
    private final StreamTarget stream;
    private final Options options;
    private final AcceptanceListener listener;
    private final ExecutorService requests;
    private final Thread dispatcher;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final KeyedBacklog backlog = new KeyedBacklog();
    private final PublisherStats stats = new PublisherStats();
    private final FailureLog failureLog;
    private long bufferedBytes;
    private int requestsRunning;
    private long oldestWaitingSinceNanos;
    private boolean flushRequested;
    private boolean closed;

    public RecordPublisher(KinesisClient client, StreamTarget stream, Options options, AcceptanceListener listener) {
        this.client = client;
        this.stream = stream;
        this.options = options;
        this.listener = listener;
        this.failureLog = new FailureLog(stream, log);
        // One platform thread per request in flight, kept for the publisher's life: the SDK keeps its signing MAC and
        // its CBOR buffers in thread locals, which a new virtual thread per request built again for every request.
        this.requests = Executors.newFixedThreadPool(options.requestsInFlight(),
                Thread.ofPlatform().name("kinesis-request-", 1).daemon().factory());
        this.dispatcher = Thread.ofPlatform().name("kinesis-dispatcher").daemon().start(this::dispatch);
    }

    /**
     * Queues a record and returns the number {@code numbering} gave it. Blocks while the buffer is full (so memory
     * stays bounded), running {@code whileWaiting} about once a second so the caller can keep its database session
     * alive. The number is taken only once the record is queued: if {@code whileWaiting} throws or the wait is
     * interrupted, nothing was numbered.
     */
    public long submit(UnnumberedRecord record, LongSupplier numbering, Runnable whileWaiting)
            throws InterruptedException {
        int size = record.sizeInBytes();
        lock.lockInterruptibly();
        try {
            awaitSpace(size, whileWaiting);
            OutgoingRecord numbered = record.numbered(numbering.getAsLong(), size);
            enqueue(numbered);
            return numbered.number();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a record the caller numbered already (tests). */
    void submit(OutgoingRecord record, Runnable whileWaiting) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            awaitSpace(record.sizeInBytes(), whileWaiting);
            enqueue(record);
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held; returns with room for {@code size} bytes, or throws when closed. */
    private void awaitSpace(int size, Runnable whileWaiting) throws InterruptedException {
        long lastKeepAlive = System.nanoTime();
        while (bufferedBytes > 0 && bufferedBytes + size > options.bufferBytes() && !closed) {
            changed.await(200, TimeUnit.MILLISECONDS);
            if (System.nanoTime() - lastKeepAlive >= KEEP_ALIVE_NANOS) {
                lastKeepAlive = System.nanoTime();
                runUnlocked(whileWaiting);
            }
        }
        if (closed) {
            throw new IllegalStateException("the publisher to stream " + stream + " is closed");
        }
    }

    /** Called with the lock held. */
    private void enqueue(OutgoingRecord record) {
        if (backlog.waiting() == 0) {
            oldestWaitingSinceNanos = System.nanoTime();
        }
        backlog.add(record);
        bufferedBytes += record.sizeInBytes();
        // The dispatcher wakes by itself within a linger; waking it for every record cost more CPU than it saved.
        // It is woken when its linger must restart (first record) or a request is ready (a full batch).
        if (backlog.waiting() == 1 || backlog.waiting() % options.batchRecords() == 0 || flushRequested) {
            changed.signalAll();
        }
    }

    /** Sends what is queued now instead of waiting for full batches, and waits until all of it is accepted. */
    public boolean drain(Duration timeout, Runnable whileWaiting) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lockInterruptibly();
        try {
            flushRequested = true;
            changed.signalAll();
            long lastKeepAlive = System.nanoTime();
            while (backlog.waiting() > 0 || requestsRunning > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
                if (System.nanoTime() - lastKeepAlive >= KEEP_ALIVE_NANOS) {
                    lastKeepAlive = System.nanoTime();
                    runUnlocked(whileWaiting);
                }
            }
            return true;
        } finally {
            flushRequested = false;
            lock.unlock();
        }
    }

    /** Runs the caller's keep-alive without holding the lock, so publishing threads are not held up by it. */
    private void runUnlocked(Runnable action) {
        lock.unlock();
        try {
            action.run();
        } finally {
            lock.lock();
        }
    }

    /** Records submitted and not yet accepted. */
    public int pendingRecords() {
        lock.lock();
        try {
            return backlog.waiting() + backlog.inFlight();
        } finally {
            lock.unlock();
        }
    }

    public PublisherStats stats() {
        return stats;
    }

    private void dispatch() {
        try {
            while (true) {
                List<Waiting> batch;
                lock.lock();
                try {
                    batch = nextBatch();
                    while (batch == null) {
                        if (closed) {
                            return;
                        }
                        changed.awaitNanos(waitNanos());
                        batch = nextBatch();
                    }
                    requestsRunning++;
                } finally {
                    lock.unlock();
                }
                List<Waiting> sending = batch;
                requests.execute(() -> send(sending));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("the Kinesis dispatcher stopped on an unexpected error; records stay unacknowledged", e);
            throw e;
        }
    }

    /** The next request to send, or null when none should go now. Called with the lock held. */
    private List<Waiting> nextBatch() {
        if (closed || backlog.waiting() == 0 || requestsRunning >= options.requestsInFlight()) {
            return null;
        }
        long now = System.nanoTime();
        boolean lingered = now - oldestWaitingSinceNanos >= options.linger().toNanos();
        if (!backlog.anyReady(now) || (backlog.waiting() < options.batchRecords() && !lingered && !flushRequested)) {
            return null;
        }
        oldestWaitingSinceNanos = now;
        return backlog.take(options.batchRecords(), MAX_REQUEST_BYTES, now);
    }

    /** How long the dispatcher may sleep before something could be sendable. Called with the lock held. */
    private long waitNanos() {
        long wait = Math.min(Math.max(options.linger().toNanos(), TimeUnit.MILLISECONDS.toNanos(1)),
                backlog.nanosUntilNextRetry(System.nanoTime()));
        return Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1));
    }

    private void send(List<Waiting> batch) {
        List<PutRecordsResultEntry> results = null;
        RuntimeException failure = null;
        try {
            List<PutRecordsRequestEntry> entries = new ArrayList<>(batch.size());
            for (Waiting item : batch) {
                entries.add(PutRecordsRequestEntry.builder()
                        .partitionKey(item.record.partitionKey())
                        .data(SdkBytes.fromByteArrayUnsafe(item.record.data()))
                        .build());
            }
            PutRecordsRequest.Builder request = PutRecordsRequest.builder().records(entries);
            stream.applyTo(request);
            PutRecordsResponse response = client.putRecords(request.build());
            results = response.records();
            if (results.size() != batch.size()) {
                failure = new IllegalStateException("PutRecords answered " + results.size() + " results for "
                        + batch.size() + " records");
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        complete(batch, failure == null ? results : null, failure);
    }

    private void complete(List<Waiting> batch, List<PutRecordsResultEntry> results, RuntimeException failure) {
        int acceptedCount = 0;
        Map<String, Integer> errorCodes = new java.util.TreeMap<>();
        Waiting firstFailed = null;
        lock.lock();
        try {
            long now = System.nanoTime();
            if (backlog.waiting() == 0) {
                oldestWaitingSinceNanos = now;
            }
            for (int i = 0; i < batch.size(); i++) {
                Waiting item = batch.get(i);
                String errorCode = failure != null ? errorName(failure) : results.get(i).errorCode();
                if (errorCode == null) {
                    acceptedCount++;
                    bufferedBytes -= item.record.sizeInBytes();
                    backlog.accepted(item);
                    // Before the request counts as finished, so a drain that returns has every acceptance recorded.
                    listener.accepted(item.record);
                } else {
                    backlog.failed(item, now + options.backoff().after(item.failures + 1).toNanos());
                    errorCodes.merge(errorCode, 1, Integer::sum);
                    if (firstFailed == null || item.record.number() < firstFailed.record.number()) {
                        firstFailed = item;
                    }
                }
            }
            requestsRunning--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        stats.recordRequest(acceptedCount, batch.size() - acceptedCount, errorCodes);
        if (firstFailed != null) {
            failureLog.report(batch.size(), errorCodes, firstFailed.failures, firstFailed.record.origin(), failure);
        }
    }

    private static String errorName(RuntimeException failure) {
        if (failure instanceof software.amazon.awssdk.awscore.exception.AwsServiceException service
                && service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode();
        }
        return failure.getClass().getSimpleName();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        dispatcher.interrupt();
        requests.shutdownNow();
    }
}
