package io.slot2kinesis.largerecord;

/** Where the bodies of large records go: an S3 bucket, or a fake in tests. */
public interface LargeRecordStore extends AutoCloseable {

    /** The bucket, as pointer records name it. */
    String bucket();

    /**
     * Stores {@code body} under {@code key}, replacing what is there. Returns once the object exists; throws (any
     * runtime exception) when it may not.
     *
     * @param sha256 the body's SHA-256 digest, which the store checks it received intact
     */
    void put(String key, byte[] body, byte[] sha256);

    @Override
    void close();
}
