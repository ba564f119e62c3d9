package io.slot2kinesis.consumer;

import java.util.Objects;

/**
 * A Kinesis record as every client library delivers it.
 *
 * @param shardId        the shard it was read from; null when unknown (then redeliveries are not detected)
 * @param sequenceNumber its sequence number in the shard (a decimal number of up to 128 bits); null when unknown
 * @param partitionKey   its partition key
 * @param data           its data, a UTF-8 JSON document
 */
public record StreamRecord(String shardId, String sequenceNumber, String partitionKey, byte[] data) {
    public StreamRecord {
        Objects.requireNonNull(data, "data");
    }
}
