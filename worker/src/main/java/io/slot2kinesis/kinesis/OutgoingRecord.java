package io.slot2kinesis.kinesis;

/**
 * One Kinesis record waiting to be put.
 *
 * @param number the record's number in read order (see {@code AcknowledgementTracker})
 * @param origin where it came from, for messages: table, key and LSN
 */
public record OutgoingRecord(long number, String partitionKey, byte[] data, RecordOrigin origin, int sizeInBytes) {
    public OutgoingRecord(long number, String partitionKey, byte[] data, String origin) {
        this(number, partitionKey, data, RecordOrigin.of(origin),
                data.length + partitionKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
}
