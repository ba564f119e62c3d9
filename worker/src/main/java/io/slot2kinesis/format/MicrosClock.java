package io.slot2kinesis.format;

import java.time.Clock;
import java.time.Instant;

/**
 * Formats instants as {@link Timestamps#micros}, reusing the formatted date and time of the last second
 * seen: every record carries a build time and a commit time, and consecutive records share their second.
 * Not thread-safe, like the formats that own it.
 */
final class MicrosClock {
    private final Clock clock;
    private long second = Long.MIN_VALUE;
    private String prefix;
    private int lastMicros = -1;
    private String last;

    MicrosClock(Clock clock) {
        this.clock = clock;
    }

    /** The clock's current time. */
    String now() {
        return format(clock.instant());
    }

    String format(Instant instant) {
        int micros = instant.getNano() / 1000;
        if (instant.getEpochSecond() != second) {
            String full = Timestamps.micros(instant);
            prefix = full.substring(0, full.length() - 7);
            second = instant.getEpochSecond();
        } else if (micros == lastMicros) {
            // The commit time of every record of a transaction.
            return last;
        }
        lastMicros = micros;
        char[] tail = new char[7];
        for (int i = 5; i >= 0; i--) {
            tail[i] = (char) ('0' + micros % 10);
            micros /= 10;
        }
        tail[6] = 'Z';
        last = prefix.concat(new String(tail));
        return last;
    }
}
