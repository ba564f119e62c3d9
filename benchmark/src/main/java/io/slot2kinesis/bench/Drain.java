package io.slot2kinesis.bench;

import io.slot2kinesis.localstack.kinesis.FastKinesis;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * One contender draining a pre-filled slot into a stream, timed from the endpoint's side: the record count of the
 * stream is polled every 2 ms.
 *
 * @param records records in the stream when the expected count was reached
 * @param extra records that arrived in the half second after that: duplicates (the slot held no more rows)
 * @param startupSeconds from the process launch to the first record stored
 * @param drainSeconds from the first record stored to the last
 * @param usage the process's peak RSS and CPU time, read when the last record arrived
 * @param heap the process's heap from its GC log
 * @param cpuByThread CPU seconds by thread kind when the last record arrived (ended threads are not counted)
 * @param machineBusy the busy share of all the machine's CPUs from the first record to the last
 */
record Drain(long records, long extra, double startupSeconds, double drainSeconds, ChildProcess.Usage usage,
        ChildProcess.Heap heap, Map<String, Double> cpuByThread, double machineBusy) {
    private static final Duration FIRST_RECORD_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);

    double recordsPerSecond() {
        return drainSeconds > 0 ? records / drainSeconds : Double.NaN;
    }

    /**
     * Waits until {@code stream} holds {@code expected} records, then stops the process; fails with the process's
     * output when it exits early, stalls, or sends fewer records.
     */
    static Drain await(FastKinesis kinesis, String stream, long expected, ChildProcess process, Progress progress,
            String label) {
        long first = 0;
        MachineCpu atFirst = null;
        long lastChange = System.nanoTime();
        long seen = 0;
        try {
            while (true) {
                long now = System.nanoTime();
                long count = kinesis.recordsStored(stream);
                if (count > 0 && first == 0) {
                    first = now;
                    atFirst = MachineCpu.now();
                }
                if (count != seen) {
                    seen = count;
                    lastChange = now;
                }
                if (count >= expected) {
                    double busy = MachineCpu.now().busySince(atFirst);
                    ChildProcess.Usage usage = process.usage();
                    Map<String, Double> threads = process.cpuByThread();
                    LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
                    long total = kinesis.recordsStored(stream);
                    process.stop(Duration.ofSeconds(30));
                    progress.count(label, count, expected, first);
                    return new Drain(count, total - count, (first - process.launchedNanos()) / 1e9,
                            (now - first) / 1e9, usage,
                            process.heap(), threads, busy);
                }
                if (!process.alive()) {
                    throw failure(process, label + ": " + process.name() + " exited after " + count + " of "
                            + expected + " records");
                }
                Duration waited = Duration.ofNanos(now - lastChange);
                if ((first == 0 && waited.compareTo(FIRST_RECORD_TIMEOUT) > 0)
                        || (first != 0 && waited.compareTo(STALL_TIMEOUT) > 0)) {
                    throw failure(process, label + ": no new record for " + waited.toSeconds() + " s after " + count
                            + " of " + expected + " records");
                }
                if (first != 0) {
                    progress.count(label, count, expected, first);
                }
                LockSupport.parkNanos(2_000_000);
            }
        } finally {
            process.close();
        }
    }

    static IllegalStateException failure(ChildProcess process, String message) {
        return new IllegalStateException(message + "; its log " + process.log() + " ends with:\n"
                + process.logTail());
    }
}
