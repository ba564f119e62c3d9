package io.slot2kinesis.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.localstack.NodeProcess;
import io.slot2kinesis.localstack.S3Local;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class LargeRecordFindingIT {

    private static WorkerConfig config(String bucket, URI endpoint) {
        return WorkerConfig.load(Map.of("S2K_STREAM", "orders", "AWS_REGION", "us-east-1", "S2K_OVERSIZE", "s3",
                "S2K_OVERSIZE_BUCKET", bucket, "AWS_ENDPOINT_URL_S3", endpoint.toString()), Map.of());
    }

    @Test
    void reportsTheBucketReachableMissingOrUnreachable() {
        try (S3Local s3 = S3Local.start("large")) {
            assertThat(LargeRecordFinding.of(config("large", s3.endpoint()))).get()
                    .extracting(Finding::level).isEqualTo(Finding.Level.OK);
            assertThat(LargeRecordFinding.of(config("absent", s3.endpoint()))).get()
                    .satisfies(finding -> {
                        assertThat(finding.level()).isEqualTo(Finding.Level.FAIL);
                        assertThat(finding.detail()).isEqualTo("absent: no such bucket");
                    });
        }
        Finding unreachable = LargeRecordFinding.of(config("large", S3Local.endpointOn(NodeProcess.freePort())))
                .orElseThrow();
        assertThat(unreachable.level()).isEqualTo(Finding.Level.FAIL);
        assertThat(unreachable.detail()).startsWith("large unreachable: ");
    }

    @Test
    void saysNothingUnlessOversizeIsS3() {
        assertThat(LargeRecordFinding.of(WorkerConfig.load(Map.of("S2K_STREAM", "orders", "AWS_REGION", "us-east-1"),
                Map.of()))).isEmpty();
    }
}
