package io.slot2kinesis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine was between two readings of {@code /proc/stat}: when it is near 1, every process in the
 * test (PostgreSQL's walsender, the contender, FastKinesis) and anything else running was sharing saturated CPUs.
 */
final class MachineCpu {
    private final long busy;
    private final long total;

    private MachineCpu(long busy, long total) {
        this.busy = busy;
        this.total = total;
    }

    static MachineCpu now() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new MachineCpu(total - idle, total);
        } catch (IOException | RuntimeException e) {
            return new MachineCpu(0, 0);
        }
    }

    /** The busy share of all CPUs since {@code earlier}, 0 to 1; NaN where /proc/stat cannot be read. */
    double busySince(MachineCpu earlier) {
        long elapsed = total - earlier.total;
        return elapsed <= 0 ? Double.NaN : (double) (busy - earlier.busy) / elapsed;
    }
}
