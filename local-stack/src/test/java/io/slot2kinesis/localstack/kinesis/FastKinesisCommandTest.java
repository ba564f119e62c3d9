package io.slot2kinesis.localstack.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FastKinesisCommandTest {

    @Test
    void parsesPortStreamsLimitsAndRetention() {
        FastKinesisOptions options = FastKinesisCommand.parse(new String[] {"--port", "0", "--stream", "changes:4",
                "--stream", "audit:1", "--enforce-limits", "--retain-last", "100"});

        assertThat(options.port()).isZero();
        assertThat(options.streams()).containsExactly(new FastKinesisOptions.StreamSpec("changes", 4),
                new FastKinesisOptions.StreamSpec("audit", 1));
        assertThat(options.enforceLimits()).isTrue();
        assertThat(options.retainLastPerShard()).isEqualTo(100);
    }

    @Test
    void reportsEveryBadArgumentAtOnce() {
        assertThatThrownBy(() -> FastKinesisCommand.parse(new String[] {"--stream", "changes", "--port", "x", "--fast"}))
                .hasMessage("--stream 'changes' must be name:shards, e.g. changes:4; --port needs a number, got 'x';"
                        + " unknown argument '--fast'");
    }
}
