package io.slot2kinesis.localstack.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.fail;

import io.slot2kinesis.localstack.KinesisLocal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.ValidationException;

/**
 * Runs the same SDK v2 calls against kinesis-local (kinesis-mock, the emulator the project pins in
 * package.json) and FastKinesis and compares the answers. Where kinesis-local departs from the
 * documented service, FastKinesis is held to the documentation and the departure is named here.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FastKinesisConformanceIT {

    private static final String STREAM = "conformance";
    private static KinesisLocal emulator;
    private static FastKinesis fast;
    private static KinesisClient emulatorClient;
    private static KinesisClient fastClient;

    @BeforeAll
    static void startBoth() throws Exception {
        emulator = KinesisLocal.start();
        emulatorClient = TestClients.withoutRetries(emulator.endpoint(), Duration.ofSeconds(30));
        fast = FastKinesis.start(0);
        fastClient = TestClients.withoutRetries(fast.endpoint(), Duration.ofSeconds(30));
        for (KinesisClient client : List.of(emulatorClient, fastClient)) {
            client.createStream(b -> b.streamName(STREAM).shardCount(4));
            awaitActive(client);
        }
    }

    @AfterAll
    static void stopBoth() throws InterruptedException {
        if (emulatorClient != null) {
            emulatorClient.close();
        }
        if (fastClient != null) {
            fastClient.close();
        }
        if (fast != null) {
            fast.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void describesTheStreamAlike() {
        StreamDescriptionSummary emulated = summary(emulatorClient);
        StreamDescriptionSummary ours = summary(fastClient);

        assertThat(ours.streamName()).isEqualTo(emulated.streamName());
        assertThat(ours.streamARN()).isEqualTo(emulated.streamARN());
        assertThat(ours.streamStatus()).isEqualTo(emulated.streamStatus());
        assertThat(ours.openShardCount()).isEqualTo(emulated.openShardCount()).isEqualTo(4);
        assertThat(ours.retentionPeriodHours()).isEqualTo(emulated.retentionPeriodHours());
        assertThat(ours.streamModeDetails()).isEqualTo(emulated.streamModeDetails());
        // Deviation: kinesis-local 0.6.2 answers MaxRecordSizeInKiB null; the service reports the
        // stream's maximum, 1024 KiB unless raised.
        assertThat(ours.maxRecordSizeInKiB()).isEqualTo(1024);
    }

    @Test
    void listsTheSameShardsSplittingTheHashKeySpaceEvenly() {
        List<Shard> emulated = emulatorClient.listShards(b -> b.streamName(STREAM)).shards();
        List<Shard> ours = fastClient.listShards(b -> b.streamName(STREAM)).shards();

        assertThat(ours).extracting(Shard::shardId).isEqualTo(emulated.stream().map(Shard::shardId).toList());
        // Deviation: kinesis-local splits (2^128 - 1) / n, so its boundaries sit up to n - 1 below the
        // service's, which splits 2^128 / n (two shards meet at 2^127). Off by at most the shard count.
        for (int i = 0; i < ours.size(); i++) {
            var ourStart = new java.math.BigInteger(ours.get(i).hashKeyRange().startingHashKey());
            var theirStart = new java.math.BigInteger(emulated.get(i).hashKeyRange().startingHashKey());
            assertThat(ourStart.subtract(theirStart).abs()).isLessThanOrEqualTo(java.math.BigInteger.valueOf(4));
            assertThat(ourStart).isEqualTo(java.math.BigInteger.ONE.shiftLeft(126).multiply(
                    java.math.BigInteger.valueOf(i)));
        }
    }

    @Test
    void rejectsAWholeBatchWithAnOverLongPartitionKey() {
        List<PutRecordsRequestEntry> batch = List.of(entry("fine", "ok"),
                PutRecordsRequestEntry.builder().partitionKey("k".repeat(257)).data(SdkBytes.fromUtf8String("x"))
                        .build());

        KinesisException emulated = catchThrowableOfType(KinesisException.class,
                () -> emulatorClient.putRecords(b -> b.streamName(STREAM).records(batch)));
        KinesisException ours = catchThrowableOfType(KinesisException.class,
                () -> fastClient.putRecords(b -> b.streamName(STREAM).records(batch)));

        assertThat(ours.statusCode()).isEqualTo(emulated.statusCode()).isEqualTo(400);
        // Deviation: kinesis-local answers InvalidArgumentException "Partition key must be between 1 and
        // 256 in length"; the service validates the model's length constraint (1..256) first and answers
        // ValidationException, as it does for the 500-record limit.
        assertThat(emulated.awsErrorDetails().errorCode()).isEqualTo("InvalidArgumentException");
        assertThat(ours).isInstanceOf(ValidationException.class)
                .hasMessageContaining("'records.2.member.partitionKey'");
    }

    @Test
    void rejectsAWholeBatchWithARecordOverOneMebibyteCountingItsKey() {
        // Data of exactly 1 MiB plus a one-byte key: the service's record limit counts data + key.
        List<PutRecordsRequestEntry> batch = List.of(entry("fine", "ok"),
                PutRecordsRequestEntry.builder().partitionKey("b").data(SdkBytes.fromByteArray(new byte[1 << 20]))
                        .build());

        assertThatThrownBy(() -> fastClient.putRecords(b -> b.streamName("conformance-oversize").records(batch)))
                .isInstanceOf(KinesisException.class);
        fast.createStream("conformance-oversize", 1);
        emulatorClient.createStream(b -> b.streamName("conformance-oversize").shardCount(1));
        awaitActive(emulatorClient, "conformance-oversize");

        // Deviation: kinesis-local stores this record (it checks neither data + key nor, in PutRecords,
        // the 500-record and 5 MiB request limits); the service rejects the request.
        assertThat(emulatorClient.putRecords(b -> b.streamName("conformance-oversize").records(batch))
                .failedRecordCount()).isZero();
        assertThatThrownBy(() -> fastClient.putRecords(b -> b.streamName("conformance-oversize").records(batch)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("'records.2.member.data'");
    }

    @Test
    void routesStoresAndReturnsAValidBatchAlike() {
        List<PutRecordsRequestEntry> batch = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            batch.add(entry("customer-" + (i % 37), "change-" + i));
        }
        PutRecordsResponse emulated = emulatorClient.putRecords(b -> b.streamName(STREAM).records(batch));
        PutRecordsResponse ours = fastClient.putRecords(b -> b.streamName(STREAM).records(batch));

        assertThat(ours.failedRecordCount()).isEqualTo(emulated.failedRecordCount()).isZero();
        for (int i = 0; i < batch.size(); i++) {
            assertThat(ours.records().get(i).shardId()).as("shard of %s", batch.get(i).partitionKey())
                    .isEqualTo(emulated.records().get(i).shardId());
            assertThat(ours.records().get(i).sequenceNumber()).matches("[1-9][0-9]*");
        }
        assertThat(readAll(ours.records().stream().map(r -> r.shardId()).distinct().sorted().toList(), fastClient))
                .isEqualTo(readAll(emulated.records().stream().map(r -> r.shardId()).distinct().sorted().toList(),
                        emulatorClient));
    }

    /** Per shard, the (partition key, data) of every record from TRIM_HORIZON, in order. */
    private static Map<String, List<String>> readAll(List<String> shardIds, KinesisClient client) {
        Map<String, List<String>> byShard = new LinkedHashMap<>();
        for (String shardId : shardIds) {
            List<String> records = new ArrayList<>();
            String iterator = client.getShardIterator(b -> b.streamName(STREAM).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (true) {
                String current = iterator;
                GetRecordsResponse response = client.getRecords(b -> b.shardIterator(current));
                response.records().forEach(r -> records.add(r.partitionKey() + "=" + r.data().asUtf8String()));
                iterator = response.nextShardIterator();
                if (response.records().isEmpty() && response.millisBehindLatest() == 0) {
                    break;
                }
            }
            byShard.put(shardId, records);
        }
        return byShard;
    }

    private static StreamDescriptionSummary summary(KinesisClient client) {
        return client.describeStreamSummary(b -> b.streamName(STREAM)).streamDescriptionSummary();
    }

    private static PutRecordsRequestEntry entry(String key, String data) {
        return PutRecordsRequestEntry.builder().partitionKey(key).data(SdkBytes.fromUtf8String(data)).build();
    }

    private static void awaitActive(KinesisClient client) {
        awaitActive(client, STREAM);
    }

    private static void awaitActive(KinesisClient client, String stream) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!"ACTIVE".equals(client.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary().streamStatusAsString())) {
            if (System.nanoTime() > deadline) {
                fail("Stream " + stream + " did not become ACTIVE within 30 s");
            }
            Thread.onSpinWait();
        }
    }
}
