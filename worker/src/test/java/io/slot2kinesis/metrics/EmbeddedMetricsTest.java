package io.slot2kinesis.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmbeddedMetricsTest {
    private JsonNode publish(ProgressSnapshot snapshot) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new EmbeddedMetrics(new PrintStream(out, true, StandardCharsets.UTF_8)).publish(snapshot, 1_700_000_000_000L);
        String line = out.toString(StandardCharsets.UTF_8);
        assertThat(line.lines()).as("one line per report").hasSize(1);
        return new ObjectMapper().readTree(line);
    }

    @Test
    void writesOneEmbeddedMetricFormatLineThatCloudWatchTurnsIntoMetrics() throws Exception {
        JsonNode line = publish(new ProgressSnapshot("orders_slot", 1234.5, 10_000, 12, "0/16B3748", 4096, 35, 3));

        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertThat(line.path("_aws").path("Timestamp").asLong()).isEqualTo(1_700_000_000_000L);
        assertThat(directive.path("Namespace").asText()).isEqualTo("slot2kinesis");
        assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Slot\"]]");
        assertThat(directive.path("Metrics").findValuesAsText("Name")).containsExactly("RecordsPerSecond",
                "RecordsPublished", "RecordsPending", "OldestPendingAge", "FailedEntries", "SlotLagBytes");
        assertThat(line.path("Slot").asText()).isEqualTo("orders_slot");
        assertThat(line.path("SlotLagBytes").asLong()).isEqualTo(4096);
        assertThat(line.path("RecordsPerSecond").asDouble()).isEqualTo(1234.5);
        assertThat(line.path("AcknowledgedLsn").asText()).isEqualTo("0/16B3748");
    }

    @Test
    void leavesOutTheSlotLagWhenItCouldNotBeRead() throws Exception {
        JsonNode line = publish(new ProgressSnapshot("s", 0, 0, 0, "0/0", -1, 0, 0));
        assertThat(line.has("SlotLagBytes")).isFalse();
        assertThat(line.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics").findValuesAsText("Name"))
                .doesNotContain("SlotLagBytes");
    }
}
