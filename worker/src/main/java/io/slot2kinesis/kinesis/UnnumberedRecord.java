package io.slot2kinesis.kinesis;

import java.nio.charset.StandardCharsets;

/**
 * A record on its way to the publisher, before it has its number in read order. The publisher numbers it only at
 * the moment it queues it, so a wait for buffer space that ends in an error (a lost session, a stop) leaves no
 * number behind that acknowledgement would wait for forever.
 *
 * @param origin where it came from, for messages: table, key and LSN
 */
public record UnnumberedRecord(String partitionKey, byte[] data, RecordOrigin origin) {
    public int sizeInBytes() {
        return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    }

    /** @param sizeInBytes {@link #sizeInBytes()}, which the caller computed already */
    OutgoingRecord numbered(long number, int sizeInBytes) {
        return new OutgoingRecord(number, partitionKey, data, origin, sizeInBytes);
    }
}
