package io.slot2kinesis.largerecord;

import java.util.Objects;

/**
 * Where the full body of a record too large for the stream is: what its pointer record carries.
 *
 * @param bucket the S3 bucket
 * @param key    the object key, derived from the record's position so a repeated put overwrites the same object
 * @param size   the body's length in bytes
 * @param sha256 the SHA-256 digest of the body, lowercase hex
 */
public record LargeRecordPointer(String bucket, String key, long size, String sha256) {
    public LargeRecordPointer {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sha256, "sha256");
    }

    public String location() {
        return "s3://" + bucket + "/" + key;
    }
}
