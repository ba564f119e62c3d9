package io.slot2kinesis.kinesis;

import java.util.Map;
import org.slf4j.Logger;

/** Reports failed puts with what an operator needs (stream, counts, codes, attempt, what is held back), at most every few seconds. */
final class FailureLog {
    private static final long INTERVAL_NANOS = 5_000_000_000L;
    private final StreamTarget stream;
    private final Logger log;
    private long lastNanos = System.nanoTime() - INTERVAL_NANOS;
    private long suppressed;

    FailureLog(StreamTarget stream, Logger log) {
        this.stream = stream;
        this.log = log;
    }

    synchronized void report(int total, Map<String, Integer> codes, int attempt, RecordOrigin oldestFailed,
            RuntimeException cause) {
        long now = System.nanoTime();
        if (now - lastNanos < INTERVAL_NANOS) {
            suppressed++;
            return;
        }
        lastNanos = now;
        int failed = codes.values().stream().mapToInt(Integer::intValue).sum();
        String more = suppressed == 0 ? "" : " (" + suppressed + " similar reports since the last one)";
        suppressed = 0;
        log.warn("PutRecords to stream {}: {} of {} records failed {}; retrying (attempt {} of the oldest, {}), "
                        + "the slot is held until they are accepted{}{}",
                stream, failed, total, codes, attempt + 1, oldestFailed.describe(), more,
                cause == null ? "" : ": " + cause.getMessage());
    }
}
