package io.slot2kinesis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatTest {

    @Test
    void summarisesRunsAsMedianMinAndMax() {
        assertThat(Stat.of(List.of(3.0, 1.0, 2.0))).isEqualTo(new Stat(2.0, 1.0, 3.0, 3));
        assertThat(Stat.of(List.of(4.0, 1.0))).isEqualTo(new Stat(2.5, 1.0, 4.0, 2));
    }

    @Test
    void takesQuantilesByNearestRank() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i;
        }
        assertThat(Stat.quantile(values, 0.5)).isEqualTo(50);
        assertThat(Stat.quantile(values, 0.99)).isEqualTo(99);
    }

    @Test
    void readsTheSendTimeFromDmsAndDebeziumRecords() {
        assertThat(LatencyProbe.sentAtMicros(bytes("{\"data\":{\"id\":7,\"sent_at_us\":1764000000123456,\"x\":1}}")))
                .isEqualTo(1764000000123456L);
        assertThat(LatencyProbe.sentAtMicros(bytes("{\"after\": {\"sent_at_us\": 42}}"))).isEqualTo(42);
        assertThat(LatencyProbe.sentAtMicros(bytes("{\"after\":{}}"))).isEqualTo(-1);
    }

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
