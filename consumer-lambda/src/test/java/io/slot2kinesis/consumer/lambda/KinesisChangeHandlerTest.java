package io.slot2kinesis.consumer.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.slot2kinesis.consumer.Change;
import io.slot2kinesis.consumer.ChangeFeed;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KinesisChangeHandlerTest {
    private static final String SHARD = "shardId-000000000006";

    private final List<Change> handled = new ArrayList<>();
    private final Set<Integer> failing = new java.util.HashSet<>();
    private final KinesisChangeHandler handler = new KinesisChangeHandler(ChangeFeed.to(change -> {
        int id = change.after().get("id").asInt();
        if (failing.contains(id)) {
            throw new IllegalStateException("cannot write row " + id);
        }
        handled.add(change);
    }));

    @Test
    void reportsNoFailureWhenEveryRecordIsHandled() {
        StreamsEventResponse response = handler.handleRequest(event(insert(1, "101"), insert(2, "102")), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(handled).extracting(change -> change.after().get("id").asInt()).containsExactly(1, 2);
    }

    @Test
    void reportsTheFirstFailedRecordAndHandsNothingAfterIt() {
        failing.add(2);

        StreamsEventResponse response = handler.handleRequest(
                event(insert(1, "101"), insert(2, "102"), insert(3, "103")), null);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("102");
        assertThat(handled).extracting(change -> change.after().get("id").asInt()).containsExactly(1);
    }

    @Test
    void handsOverOnlyTheRecordsNotYetHandledWhenLambdaRetriesFromTheFailure() {
        failing.add(2);
        handler.handleRequest(event(insert(1, "101"), insert(2, "102"), insert(3, "103")), null);
        failing.clear();

        StreamsEventResponse retry = handler.handleRequest(
                event(insert(1, "101"), insert(2, "102"), insert(3, "103")), null);

        assertThat(retry.getBatchItemFailures()).isEmpty();
        assertThat(handled).extracting(change -> change.after().get("id").asInt()).containsExactly(1, 2, 3);
    }

    @Test
    void reportsAnUnreadableRecordAsAFailure() {
        StreamsEventResponse response = handler.handleRequest(
                event(insert(1, "101"), record("{\"not\": \"a change\"}", "public.orders.9", "102")), null);

        assertThat(response.getBatchItemFailures()).extracting(StreamsEventResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("102");
    }

    @Test
    void takesTheShardFromTheEventId() {
        KinesisEvent.KinesisEventRecord record = insert(1, "4959");
        assertThat(KinesisChangeHandler.streamRecord(record).shardId()).isEqualTo(SHARD);
        assertThat(KinesisChangeHandler.streamRecord(record).partitionKey()).isEqualTo("public.orders.1");
    }

    private static KinesisEvent.KinesisEventRecord insert(int id, String sequenceNumber) {
        String json = "{\"data\": {\"id\": " + id + ", \"status\": \"new\"}, \"metadata\": {"
                + "\"timestamp\": \"2026-11-23T10:00:00.123456Z\", \"record-type\": \"data\", \"operation\": \"insert\","
                + " \"partition-key-type\": \"primary-key\", \"partition-key-value\": \"public.orders." + id + "\","
                + " \"schema-name\": \"public\", \"table-name\": \"orders\", \"transaction-id\": 7631,"
                + " \"transaction-record-id\": " + id + ", \"commit-timestamp\": \"2026-11-23T10:00:00.120001Z\","
                + " \"commit-lsn\": \"0/16B3748\"}}";
        return record(json, "public.orders." + id, sequenceNumber);
    }

    private static KinesisEvent.KinesisEventRecord record(String json, String partitionKey, String sequenceNumber) {
        KinesisEvent.Record kinesis = new KinesisEvent.Record();
        kinesis.setData(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
        kinesis.setPartitionKey(partitionKey);
        kinesis.setSequenceNumber(sequenceNumber);
        KinesisEvent.KinesisEventRecord record = new KinesisEvent.KinesisEventRecord();
        record.setKinesis(kinesis);
        record.setEventID(SHARD + ":" + sequenceNumber);
        record.setEventSource("aws:kinesis");
        return record;
    }

    private static KinesisEvent event(KinesisEvent.KinesisEventRecord... records) {
        KinesisEvent event = new KinesisEvent();
        event.setRecords(List.of(records));
        return event;
    }
}
