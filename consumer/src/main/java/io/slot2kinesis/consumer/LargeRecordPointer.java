package io.slot2kinesis.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The pointer a record carries in place of its row data when the worker stored the full record in S3
 * ({@code S2K_OVERSIZE=s3}): {@code metadata.large-record} in the dms envelope, {@code large_record} at the top of
 * the debezium one, each {@code {"bucket", "key", "size", "sha256"}} (size in bytes, SHA-256 in lowercase hex).
 */
record LargeRecordPointer(String bucket, String key, long size, String sha256) {
    static final String DMS_FIELD = "large-record";
    static final String DEBEZIUM_FIELD = "large_record";

    /** The record's pointer, or null when it carries its data inline. */
    static LargeRecordPointer of(JsonNode record) {
        JsonNode pointer = record.path("metadata").get(DMS_FIELD);
        String where = "metadata." + DMS_FIELD;
        if (pointer == null && record.has("op") && record.has("source")) {
            pointer = record.get(DEBEZIUM_FIELD);
            where = DEBEZIUM_FIELD;
        }
        if (pointer == null || pointer.isNull()) {
            return null;
        }
        if (!pointer.isObject()) {
            throw new IllegalArgumentException(where + " is " + pointer.getNodeType() + ", expected an object");
        }
        Long size = ChangeParser.number(pointer, "size");
        if (size == null) {
            throw new IllegalArgumentException(where + ".size is missing, expected the object's size in bytes");
        }
        return new LargeRecordPointer(ChangeParser.text(pointer, "bucket", where), ChangeParser.text(pointer, "key", where),
                size, ChangeParser.text(pointer, "sha256", where));
    }

    String location() {
        return "s3://" + bucket + "/" + key;
    }

    /** Fetches the body and checks it is the one the pointer names. */
    byte[] resolve(LargeRecordFetcher fetcher) {
        if (fetcher == null) {
            throw new LargeRecordException("record is a pointer to " + location() + " (written with S2K_OVERSIZE=s3): "
                    + "give the ChangeParser a LargeRecordFetcher, e.g. S3LargeRecordFetcher, to read it", null);
        }
        byte[] body;
        try {
            body = fetcher.fetch(bucket, key);
        } catch (RuntimeException e) {
            throw new LargeRecordException("cannot read the large record " + location() + ": " + e.getMessage(), e);
        }
        if (body.length != size) {
            throw new LargeRecordException("large record " + location() + " is " + body.length
                    + " bytes, its pointer says " + size + ": not the object the worker wrote", null);
        }
        String actual = HexFormat.of().formatHex(sha256(body));
        if (!actual.equalsIgnoreCase(sha256)) {
            throw new LargeRecordException("large record " + location() + " has SHA-256 " + actual
                    + ", its pointer says " + sha256 + ": not the object the worker wrote", null);
        }
        return body;
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
