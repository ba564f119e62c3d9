package io.slot2kinesis.bench;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** Progress lines on stderr, at most one every two seconds for a running count. */
final class Progress {
    private static final long EVERY_NANOS = 2_000_000_000L;
    private final PrintStream out;
    private long lastCount;

    Progress(PrintStream out) {
        this.out = out;
    }

    synchronized void step(String message) {
        out.println("[" + LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + "] " + message);
        out.flush();
    }

    /** Reports {@code done} of {@code total} if two seconds have passed since the last count. */
    synchronized void count(String what, long done, long total, long startedNanos) {
        long now = System.nanoTime();
        if (now - lastCount < EVERY_NANOS && done < total) {
            return;
        }
        lastCount = now;
        double seconds = (now - startedNanos) / 1e9;
        step(String.format("  %s: %,d / %,d (%,.0f/s over %.1f s)", what, done, total,
                seconds > 0 ? done / seconds : 0, seconds));
    }
}
