package io.slot2kinesis.localstack.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The SDK v2 sends AWS JSON 1.1 instead of CBOR when system property {@code aws.cborEnabled} is false
 * (environment variable {@code CBOR_ENABLED}; SDK v1's {@code AWS_CBOR_DISABLE} does not apply to v2).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FastKinesisJsonTest {

    private static String previous;

    @BeforeAll
    static void disableCbor() {
        previous = System.setProperty("aws.cborEnabled", "false");
    }

    @AfterAll
    static void restoreCbor() {
        if (previous == null) {
            System.clearProperty("aws.cborEnabled");
        } else {
            System.setProperty("aws.cborEnabled", previous);
        }
    }

    @Test
    void sdkWithCborDisabledCreatesPutsAndReadsBackOverJson() {
        try (FastKinesis kinesis = FastKinesis.start(0);
                KinesisClient client = TestClients.kinesis(kinesis.endpoint())) {
            SdkRoundTrip.putDescribeAndReadBack(client, "json-stream");

            FastKinesisCounters counters = kinesis.counters();
            assertThat(counters.jsonRequests()).isEqualTo(counters.requests()).isPositive();
        }
    }
}
