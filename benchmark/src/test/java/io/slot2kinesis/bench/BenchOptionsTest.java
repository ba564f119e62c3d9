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

    @Test
    void drainsTheWorkerJarAsTheCandidateWhenOnlyJvmOptionsOrAnAotCacheAreAsked() throws Exception {
        java.nio.file.Path jar = java.nio.file.Files.createTempFile("worker-", "-all.jar");
        try {
            BenchOptions options = BenchOptions.parse(new String[] {"--worker-jar", jar.toString(),
                    "--candidate-jvm-option", "-XX:TieredStopAtLevel=1", "--aot-cache"});

            assertThat(options.withCandidate()).isTrue();
            assertThat(options.candidateJar()).isNull();
            assertThat(options.candidateJvmOptions()).containsExactly("-XX:TieredStopAtLevel=1");
            assertThat(options.aotCache()).isTrue();
            assertThat(BenchOptions.parse(new String[] {"--worker-jar", jar.toString()}).withCandidate()).isFalse();
        } finally {
            java.nio.file.Files.delete(jar);
        }
    }
}
