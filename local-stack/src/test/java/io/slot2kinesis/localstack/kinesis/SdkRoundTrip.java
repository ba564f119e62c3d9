package io.slot2kinesis.localstack.kinesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/** The SDK calls every protocol test makes, so CBOR and JSON are checked by the same assertions. */
final class SdkRoundTrip {

    private SdkRoundTrip() {
    }

    static void putDescribeAndReadBack(KinesisClient client, String stream) {
        client.createStream(b -> b.streamName(stream).shardCount(2));
        StreamDescriptionSummary summary = client.describeStreamSummary(b -> b.streamName(stream))
                .streamDescriptionSummary();
        assertThat(summary.streamARN()).isEqualTo("arn:aws:kinesis:us-east-1:000000000000:stream/" + stream);
        assertThat(summary.streamStatusAsString()).isEqualTo("ACTIVE");
        assertThat(summary.openShardCount()).isEqualTo(2);
        assertThat(summary.maxRecordSizeInKiB()).isEqualTo(1024);
        assertThat(summary.streamCreationTimestamp()).isBetween(Instant.now().minusSeconds(60), Instant.now());

        List<PutRecordsRequestEntry> entries = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            entries.add(PutRecordsRequestEntry.builder().partitionKey("key-" + i)
                    .data(SdkBytes.fromUtf8String("payload-" + i)).build());
        }
        Instant before = Instant.now().minusSeconds(1);
        PutRecordsResponse put = client.putRecords(b -> b.streamARN(summary.streamARN()).records(entries));
        assertThat(put.failedRecordCount()).isZero();
        assertThat(put.records()).allSatisfy(r -> assertThat(r.sequenceNumber()).matches("[1-9][0-9]{40}"));

        List<Record> read = new ArrayList<>();
        for (String shardId : List.of("shardId-000000000000", "shardId-000000000001")) {
            String iterator = client.getShardIterator(b -> b.streamName(stream).shardId(shardId)
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            GetRecordsResponse records = client.getRecords(b -> b.shardIterator(iterator));
            assertThat(records.millisBehindLatest()).isZero();
            assertThat(records.nextShardIterator()).isNotBlank();
            read.addAll(records.records());
        }
        assertThat(read).extracting(r -> r.data().asUtf8String())
                .containsExactlyInAnyOrderElementsOf(entries.stream().map(e -> e.data().asUtf8String()).toList());
        assertThat(read).allSatisfy(r -> assertThat(r.approximateArrivalTimestamp())
                .isBetween(before, Instant.now().plus(Duration.ofSeconds(1))));

        Instant at = read.getFirst().approximateArrivalTimestamp();
        String byTime = client.getShardIterator(b -> b.streamName(stream).shardId("shardId-000000000000")
                .shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(at.minusMillis(1))).shardIterator();
        assertThat(client.getRecords(b -> b.shardIterator(byTime)).records()).isNotEmpty();
    }
}
