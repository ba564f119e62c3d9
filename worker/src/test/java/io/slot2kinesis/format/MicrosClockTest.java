package io.slot2kinesis.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MicrosClockTest {
    private final MicrosClock clock = new MicrosClock(Fixtures.CLOCK);

    @Test
    void writesSixFractionDigitsInUtc() {
        assertThat(clock.now()).isEqualTo("2026-11-23T10:00:00.123456Z");
        assertThat(clock.format(Instant.parse("2026-11-23T10:00:00.000005Z"))).isEqualTo("2026-11-23T10:00:00.000005Z");
        assertThat(clock.format(Instant.parse("2026-11-23T10:00:00Z"))).isEqualTo("2026-11-23T10:00:00.000000Z");
    }

    @Test
    void reformatsWhenTheSecondChanges() {
        assertThat(clock.format(Instant.parse("2026-11-23T10:00:00.5Z"))).isEqualTo("2026-11-23T10:00:00.500000Z");
        assertThat(clock.format(Instant.parse("2026-12-31T23:59:59.999999Z"))).isEqualTo("2026-12-31T23:59:59.999999Z");
        assertThat(clock.format(Instant.parse("0999-01-01T00:00:01Z"))).isEqualTo("0999-01-01T00:00:01.000000Z");
    }
}
