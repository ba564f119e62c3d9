package io.slot2kinesis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StopSignalTest {
    @Test
    void countsTheShutdownTimeoutFromTheStopNotFromEachWait() throws InterruptedException {
        StopSignal stop = new StopSignal();
        Duration timeout = Duration.ofSeconds(2);
        assertThat(stop.left(timeout)).isEqualTo(timeout);

        stop.stop();
        Thread.sleep(300);
        stop.stop();

        assertThat(stop.left(timeout)).isLessThanOrEqualTo(Duration.ofMillis(1700));
        assertThat(stop.left(Duration.ofMillis(100))).isZero();
    }
}
