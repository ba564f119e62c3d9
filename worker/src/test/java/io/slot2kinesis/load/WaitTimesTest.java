package io.slot2kinesis.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitTimesTest {
    @Test
    void percentilesAreNearestRankInMilliseconds() {
        WaitTimes waits = new WaitTimes(100);
        for (int i = 1; i <= 100; i++) {
            waits.add(i * 1_000_000L);
        }

        assertThat(waits.percentileMillis(50)).isEqualTo(50.0);
        assertThat(waits.percentileMillis(99)).isEqualTo(99.0);
        assertThat(waits.describe()).isEqualTo("p50 50.0 ms, p99 99.0 ms, max 100.0 ms over 100 chunk read(s)");
    }

    @Test
    void keepsOnlyTheMostRecentWaits() {
        WaitTimes waits = new WaitTimes(2);
        waits.add(900_000_000L);
        waits.add(1_000_000L);
        waits.add(3_000_000L);

        assertThat(waits.percentileMillis(100)).isEqualTo(3.0);
        assertThat(waits.describe()).endsWith("over 2 chunk read(s)");
    }

    @Test
    void noWaitsReadAsZero() {
        assertThat(new WaitTimes(4).describe()).isEqualTo("p50 0.0 ms, p99 0.0 ms, max 0.0 ms over 0 chunk read(s)");
    }
}
