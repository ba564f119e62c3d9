package io.slot2kinesis.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class NodeProcessTest {

    @Test
    void startsAgainOnNewPortsWhenTheServerExitedBecauseItsPortWasTakenMeanwhile() {
        AtomicInteger attempts = new AtomicInteger();

        String started = NodeProcess.onFreePorts(() -> {
            if (attempts.incrementAndGet() < 3) {
                throw new NodeProcess.ExitedAtStartException("exited at start (port taken)");
            }
            return "listening";
        });

        assertThat(started).isEqualTo("listening");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void givesUpAfterThreeAttemptsAndPassesOtherFailuresAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        assertThatThrownBy(() -> NodeProcess.onFreePorts(() -> {
            attempts.incrementAndGet();
            throw new NodeProcess.ExitedAtStartException("exited at start");
        })).isInstanceOf(NodeProcess.ExitedAtStartException.class);
        assertThat(attempts).hasValue(3);

        AtomicInteger other = new AtomicInteger();
        assertThatThrownBy(() -> NodeProcess.onFreePorts(() -> {
            other.incrementAndGet();
            throw new IllegalStateException("node is not installed");
        })).hasMessage("node is not installed");
        assertThat(other).hasValue(1);
    }
}
