package io.slot2kinesis.localstack.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.InvalidArgumentException;
import software.amazon.awssdk.services.kinesis.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FastKinesisLimitsTest {

    private FastKinesis kinesis;
    private KinesisClient client;

    @BeforeEach
    void start() {
        kinesis = FastKinesis.start(0);
        kinesis.createStream("limits", 1);
        client = TestClients.withoutRetries(kinesis.endpoint(), Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        client.close();
        kinesis.close();
    }

    @Test
    void rejectsMoreThan500RecordsAsValidationException() {
        assertThatThrownBy(() -> put(records(501, 10)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("at 'records' failed to satisfy constraint: Member must have length less than"
                        + " or equal to 500");
        assertThat(kinesis.recordsStored("limits")).isZero();
    }

    @Test
    void rejectsTheWholeRequestWhenOneRecordIsOverTheStreamsMaximumRecordSize() {
        List<PutRecordsRequestEntry> entries = records(2, 10);
        // Data of exactly 1 MiB plus a 1-character key is one byte over: the limit counts both.
        entries.add(entry("k", 1 << 20));

        assertThatThrownBy(() -> put(entries))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'records.3.member.data'")
                .hasMessageContaining("less than or equal to 1048576");
        assertThat(kinesis.recordsStored("limits")).isZero();
    }

    @Test
    void acceptsLargerRecordsOnceTheStreamsMaximumIsRaised() {
        kinesis.maxRecordSizeKiB("limits", 2048);

        assertThat(put(List.of(entry("k", 2 << 20 - 10))).failedRecordCount()).isZero();
    }

    @Test
    void rejectsPartitionKeysOutside1To256Characters() {
        List<PutRecordsRequestEntry> entries = records(1, 10);
        entries.add(PutRecordsRequestEntry.builder().partitionKey("k".repeat(257))
                .data(SdkBytes.fromUtf8String("x")).build());
        entries.add(PutRecordsRequestEntry.builder().partitionKey("").data(SdkBytes.fromUtf8String("x")).build());

        assertThatThrownBy(() -> put(entries))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("2 validation errors detected")
                .hasMessageContaining("'records.2.member.partitionKey' failed to satisfy constraint: Member must have"
                        + " length less than or equal to 256")
                .hasMessageContaining("'records.3.member.partitionKey' failed to satisfy constraint: Member must have"
                        + " length greater than or equal to 1");
        assertThat(put(List.of(entry("ü".repeat(256), 1))).failedRecordCount()).isZero();
    }

    @Test
    void rejectsRequestsOver5MebibytesAsInvalidArgument() {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            entries.add(entry("k" + i, (1 << 20) - 2));
        }

        assertThatThrownBy(() -> put(entries))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("Records size exceeds 5 MB limit");
    }

    @Test
    void namesTheMissingStream() {
        assertThatThrownBy(() -> client.putRecords(b -> b.streamName("nope").records(records(1, 1))))
                .isInstanceOf(ResourceNotFoundException.class)
                .hasMessageContaining("Stream nope under account 000000000000 not found.");
    }

    @Test
    void throttlesAShardAboveAThousandRecordsPerSecondWhenLimitsAreOn() {
        kinesis.enforceLimits("limits", true);

        List<PutRecordsResultEntry> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) {
            results.addAll(put(records(500, 10)).records());
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        // A one-second burst of 1,000, then 1,000 more per second of wall time the three calls took.
        long accepted = results.stream().filter(r -> r.errorCode() == null).count();
        assertThat(accepted).isBetween(1_000L, Math.min(1_500L, 1_000L + elapsedMillis + 1));
        assertThat(results.subList(0, 1_000)).allSatisfy(r -> assertThat(r.errorCode()).isNull());
        assertThat(results.stream().filter(r -> r.errorCode() != null)).allSatisfy(r -> {
            assertThat(r.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
            assertThat(r.errorMessage()).isEqualTo(
                    "Rate exceeded for shard shardId-000000000000 in stream limits under account 000000000000.");
        });
        assertThat(kinesis.counters().entriesFailed("ProvisionedThroughputExceededException"))
                .isEqualTo(1_500 - accepted);
    }

    @Test
    void throttlesPutRecordAsAWholeRequestError() {
        kinesis.enforceLimits(true);
        // 1,000 KiB fills the shard's 1 MiB/s for the next ~950 ms, far longer than one more call takes.
        SdkBytes nearlyOneMebibyte = SdkBytes.fromByteArray(new byte[1_000 * 1024]);
        client.putRecord(b -> b.streamName("limits").partitionKey("k").data(nearlyOneMebibyte));

        assertThatThrownBy(() -> client.putRecord(b -> b.streamName("limits").partitionKey("k")
                .data(nearlyOneMebibyte)))
                .isInstanceOf(ProvisionedThroughputExceededException.class)
                .hasMessageContaining("Rate exceeded for shard shardId-000000000000 in stream limits");
    }

    @Test
    void doesNotThrottleWhenLimitsAreOff() {
        for (int i = 0; i < 6; i++) {
            assertThat(put(records(500, 10)).failedRecordCount()).isZero();
        }
        assertThat(kinesis.recordsStored("limits")).isEqualTo(3_000);
    }

    private PutRecordsResponse put(List<PutRecordsRequestEntry> entries) {
        return client.putRecords(b -> b.streamName("limits").records(entries));
    }

    static List<PutRecordsRequestEntry> records(int count, int size) {
        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(entry("key-" + i, size));
        }
        return entries;
    }

    static PutRecordsRequestEntry entry(String key, int size) {
        return PutRecordsRequestEntry.builder().partitionKey(key).data(SdkBytes.fromByteArray(new byte[size])).build();
    }
}
