package io.slot2kinesis.metrics;

/**
 * What the progress line and the metrics report.
 *
 * @param lagBytes WAL kept for the slot beyond its confirmed position; -1 when it could not be read
 */
public record ProgressSnapshot(
        String slot,
        double recordsPerSecond,
        long recordsAccepted,
        long recordsPending,
        String acknowledgedLsn,
        long lagBytes,
        long oldestPendingMillis,
        long failedEntries) {}
