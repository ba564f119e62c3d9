package io.slot2kinesis.kinesis;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Capped exponential backoff with jitter, so many failing entries do not retry in lock step. */
public record Backoff(Duration initial, Duration max) {
    /** The wait before attempt {@code attempt + 1}, after {@code attempt} failures (1-based). */
    public Duration after(int attempt) {
        long ceiling = initial.toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(ceiling, max.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
