package io.slot2kinesis.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void namesEveryProblemOfTheCommandLineAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] {"--rows", "many", "--fast", "--worker-setting", "S2K"}));

        assertThat(e.getMessage()).contains("--rows needs a whole number, got 'many'")
                .contains("unknown argument '--fast'")
                .contains("--worker-setting 'S2K' must be NAME=VALUE");
    }

    @Test
    void refusesAnUnknownPeerAndAMissingWorkerJar() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BenchOptions.parse(new String[] {"--peer", "dms", "--worker-jar", "/nonexistent.jar"}));

        assertThat(e.getMessage()).contains("--peer 'dms' is not supported: use none or debezium")
                .contains("the worker jar /nonexistent.jar does not exist");
    }
}
