package io.slot2kinesis.kinesis;

/**
 * One Kinesis record waiting to be put.
 *
 * @param number the record's number in read order (see {@code AcknowledgementTracker})
 * @param origin where it came from, for messages: table, key and LSN
 */
public record OutgoingRecord(long number, String partitionKey, byte[] data, String origin) {
    /** What Kinesis counts against the record size limit and the 5 MiB request limit. */
    public int sizeInBytes() {
        return data.length + partitionKey.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
