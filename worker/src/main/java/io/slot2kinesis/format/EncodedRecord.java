package io.slot2kinesis.format;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One Kinesis record, ready to put.
 *
 * @param partitionKey 1 to 256 characters, as Kinesis requires
 * @param data         the UTF-8 JSON document
 */
public record EncodedRecord(String partitionKey, byte[] data) {
    public EncodedRecord {
        Objects.requireNonNull(partitionKey, "partitionKey");
        Objects.requireNonNull(data, "data");
    }

    /** Bytes Kinesis counts against the record size limit: the data plus the partition key. */
    public int size() {
        return data.length + partitionKey.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncodedRecord record
                && partitionKey.equals(record.partitionKey) && Arrays.equals(data, record.data);
    }

    @Override
    public int hashCode() {
        return 31 * partitionKey.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "EncodedRecord[partitionKey=" + partitionKey + ", data=" + new String(data, StandardCharsets.UTF_8) + "]";
    }
}
