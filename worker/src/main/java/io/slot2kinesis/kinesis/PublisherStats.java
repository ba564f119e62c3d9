package io.slot2kinesis.kinesis;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of the publisher, read by the progress line and the metrics. */
public final class PublisherStats {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong failedEntries = new AtomicLong();
    private final Map<String, AtomicLong> failuresByCode = new ConcurrentHashMap<>();

    void recordRequest(int acceptedEntries, int failed, Map<String, Integer> codes) {
        requests.incrementAndGet();
        accepted.addAndGet(acceptedEntries);
        failedEntries.addAndGet(failed);
        codes.forEach((code, count) -> failuresByCode.computeIfAbsent(code, c -> new AtomicLong()).addAndGet(count));
    }

    public long requests() {
        return requests.get();
    }

    public long accepted() {
        return accepted.get();
    }

    /** Entries that failed and were queued for retry (one record may count several times). */
    public long failedEntries() {
        return failedEntries.get();
    }

    public long failures(String errorCode) {
        AtomicLong count = failuresByCode.get(errorCode);
        return count == null ? 0 : count.get();
    }
}
