package io.slot2kinesis.consumer;

import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads large-record bodies with S3 GetObject. Needs {@code software.amazon.awssdk:s3} on the classpath (an optional
 * dependency of this library) and {@code s3:GetObject} on the bucket's prefix, plus {@code kms:Decrypt} on the key
 * the worker encrypts with.
 */
public final class S3LargeRecordFetcher implements LargeRecordFetcher {
    private final S3Client s3;

    public S3LargeRecordFetcher(S3Client s3) {
        this.s3 = Objects.requireNonNull(s3, "s3");
    }

    /** With the SDK's default client: region and credentials from the environment. */
    public static S3LargeRecordFetcher create() {
        return new S3LargeRecordFetcher(S3Client.create());
    }

    @Override
    public byte[] fetch(String bucket, String key) {
        return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
    }
}
