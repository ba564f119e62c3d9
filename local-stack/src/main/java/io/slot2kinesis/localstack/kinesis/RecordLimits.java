package io.slot2kinesis.localstack.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The per-request checks the service makes before it writes anything. Any failure rejects the whole
 * request: the model's constraints (1 to 500 records, partition keys of 1 to 256 characters, a record's
 * data plus key within the stream's maximum record size) as {@code ValidationException}, listing every
 * violation like the service's validator; the request's total size as {@code InvalidArgumentException}.
 */
final class RecordLimits {

    static final int MAX_RECORDS = 500;
    static final int MAX_PARTITION_KEY_CHARS = 256;
    static final long MAX_REQUEST_BYTES = 5L << 20;
    /** The service documents 10 MiB per request for streams whose records may exceed 1 MiB. */
    static final long MAX_REQUEST_BYTES_LARGE_RECORDS = 10L << 20;

    private RecordLimits() {
    }

    /** Validates a PutRecords {@code Records} array against {@code stream}. */
    static List<PutEntry> putRecordsEntries(JsonNode records, KinesisStream stream) {
        if (records == null || !records.isArray()) {
            throw KinesisException.validation("1 validation error detected: Value null at 'records' failed to"
                    + " satisfy constraint: Member must not be null");
        }
        List<String> violations = new ArrayList<>();
        if (records.isEmpty()) {
            violations.add("Value '[]' at 'records' failed to satisfy constraint: Member must have length"
                    + " greater than or equal to 1");
        } else if (records.size() > MAX_RECORDS) {
            violations.add("Value at 'records' failed to satisfy constraint: Member must have length less than"
                    + " or equal to " + MAX_RECORDS);
        }
        List<PutEntry> entries = new ArrayList<>(records.size());
        long total = 0;
        for (int i = 0; i < records.size(); i++) {
            PutEntry entry = entry(records.get(i), "records." + (i + 1) + ".member.", stream, violations);
            if (entry != null) {
                entries.add(entry);
                total += entry.sizeBytes();
            }
        }
        throwIfAny(violations);
        long maxRequest = stream.maxRecordSizeKiB() > 1024 ? MAX_REQUEST_BYTES_LARGE_RECORDS : MAX_REQUEST_BYTES;
        if (total > maxRequest) {
            throw KinesisException.invalidArgument("Records size exceeds " + (maxRequest >> 20) + " MB limit");
        }
        return entries;
    }

    /** Validates a PutRecord request (its fields sit at the top level). */
    static PutEntry putRecordEntry(JsonNode request, KinesisStream stream) {
        List<String> violations = new ArrayList<>();
        PutEntry entry = entry(request, "", stream, violations);
        throwIfAny(violations);
        return entry;
    }

    private static PutEntry entry(JsonNode record, String path, KinesisStream stream, List<String> violations) {
        JsonNode keyNode = record.get("PartitionKey");
        JsonNode dataNode = record.get("Data");
        String key = keyNode == null || keyNode.isNull() ? null : keyNode.asText();
        byte[] data = binary(dataNode, path);
        int before = violations.size();
        if (key == null) {
            violations.add("Value null at '" + path + "partitionKey' failed to satisfy constraint: Member must"
                    + " not be null");
        } else {
            int chars = key.codePointCount(0, key.length());
            if (chars < 1) {
                violations.add("Value '' at '" + path + "partitionKey' failed to satisfy constraint: Member must"
                        + " have length greater than or equal to 1");
            } else if (chars > MAX_PARTITION_KEY_CHARS) {
                violations.add("Value '" + key + "' at '" + path + "partitionKey' failed to satisfy constraint:"
                        + " Member must have length less than or equal to " + MAX_PARTITION_KEY_CHARS);
            }
        }
        if (data == null) {
            violations.add("Value null at '" + path + "data' failed to satisfy constraint: Member must not be"
                    + " null");
        }
        if (violations.size() > before) {
            return null;
        }
        long size = data.length + utf8Length(key);
        long max = stream.maxRecordSizeKiB() * 1024L;
        if (size > max) {
            violations.add("Value at '" + path + "data' failed to satisfy constraint: Member must have length"
                    + " less than or equal to " + max + " (the stream's maximum record size, " + stream.maxRecordSizeKiB()
                    + " KiB, counts data plus partition key: this record has " + size + " bytes)");
            return null;
        }
        JsonNode explicit = record.get("ExplicitHashKey");
        HashKey hashKey = explicit == null || explicit.isNull()
                ? HashKey.ofPartitionKey(key) : HashKey.parse(explicit.asText());
        return new PutEntry(data, key, hashKey, size);
    }

    private static byte[] binary(JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return node.binaryValue();
        } catch (IOException | IllegalArgumentException e) {
            throw KinesisException.serialization("'" + path + "data' is not a blob (base64 text in JSON, a byte"
                    + " string in CBOR): " + e.getMessage());
        }
    }

    private static void throwIfAny(List<String> violations) {
        if (violations.isEmpty()) {
            return;
        }
        String count = violations.size() == 1 ? "1 validation error" : violations.size() + " validation errors";
        throw KinesisException.validation(count + " detected: " + String.join("; ", violations));
    }

    static int utf8Length(String s) {
        int length = s.length();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return length;
    }
}
