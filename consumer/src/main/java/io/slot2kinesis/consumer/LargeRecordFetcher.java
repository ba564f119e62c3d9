package io.slot2kinesis.consumer;

/**
 * Fetches the body of a record the worker stored in S3 because it was too large for the stream
 * ({@code S2K_OVERSIZE=s3}): {@link S3LargeRecordFetcher}, or a fake in tests. Must be thread-safe when the parser
 * is shared among shards.
 */
@FunctionalInterface
public interface LargeRecordFetcher {

    /**
     * The object's whole content.
     *
     * @throws RuntimeException when it cannot be read; the record is then not handled, and is retried as any failure
     */
    byte[] fetch(String bucket, String key);
}
