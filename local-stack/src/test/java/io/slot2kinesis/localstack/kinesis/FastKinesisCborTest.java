package io.slot2kinesis.localstack.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.kinesis.KinesisClient;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FastKinesisCborTest {

    @Test
    void sdkDefaultCborProtocolCreatesPutsAndReadsBack() {
        try (FastKinesis kinesis = FastKinesis.start(0);
                KinesisClient client = TestClients.kinesis(kinesis.endpoint())) {
            SdkRoundTrip.putDescribeAndReadBack(client, "cbor-stream");

            FastKinesisCounters counters = kinesis.counters();
            assertThat(counters.cborRequests()).isEqualTo(counters.requests()).isPositive();
            assertThat(counters.entriesAccepted()).isEqualTo(50);
        }
    }
}
