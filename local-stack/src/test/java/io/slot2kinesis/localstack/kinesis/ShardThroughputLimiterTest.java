package io.slot2kinesis.localstack.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShardThroughputLimiterTest {

    private final AtomicLong nanos = new AtomicLong();
    private final ShardThroughputLimiter limiter = new ShardThroughputLimiter(nanos::get);

    @Test
    void takesAThousandRecordsInASecondAndRefusesTheNext() {
        assertThat(acquired(1_500, 100)).isEqualTo(1_000);
    }

    @Test
    void refillsAtAThousandRecordsPerSecond() {
        acquired(1_000, 100);
        nanos.addAndGet(250_000_000L);

        assertThat(acquired(1_000, 100)).isEqualTo(250);
    }

    @Test
    void takesOneMebibytePerSecond() {
        assertThat(acquired(100, 100 * 1024)).isEqualTo(10);
        nanos.addAndGet(500_000_000L);
        assertThat(acquired(100, 100 * 1024)).isEqualTo(5);
    }

    @Test
    void neverHoldsMoreThanOneSecondOfCapacity() {
        nanos.addAndGet(60_000_000_000L);

        assertThat(acquired(5_000, 10)).isEqualTo(1_000);
    }

    private int acquired(int records, long bytesEach) {
        int ok = 0;
        for (int i = 0; i < records; i++) {
            if (limiter.tryAcquire(bytesEach)) {
                ok++;
            }
        }
        return ok;
    }
}
