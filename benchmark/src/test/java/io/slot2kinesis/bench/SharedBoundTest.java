package io.slot2kinesis.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SharedBoundTest {

    @Test
    void addsTheMachineTimeEachEndSpendsPerRecord() {
        // decoding keeps half the machine busy at 100k rows/s: 5 µs of machine per row; the endpoint 10 µs
        Phases.Limit decode = new Phases.Limit(100_000, 0.5);
        Phases.Limit endpoint = new Phases.Limit(100_000, 1.0);
        assertThat(Phases.Limit.shared(decode, endpoint)).isCloseTo(1 / 15e-6, within(1.0));
    }

    @Test
    void isNeverAboveTheLowerLimitWhenEachEndKeptTheWholeMachineBusy() {
        Phases.Limit decode = new Phases.Limit(80_000, 1.0);
        Phases.Limit endpoint = new Phases.Limit(120_000, 1.0);
        assertThat(Phases.Limit.shared(decode, endpoint)).isCloseTo(48_000, within(1.0));
    }
}
