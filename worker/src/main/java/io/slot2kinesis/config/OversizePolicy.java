package io.slot2kinesis.config;

/** {@code S2K_OVERSIZE}: what to do with a record larger than the stream accepts. */
public enum OversizePolicy {
    /** Stop with a message naming the table, key, LSN and size; the slot stays at the record, nothing is lost. */
    STOP,
    /** Publish a small marker record in its place, carrying table, key, LSN and size. */
    SKIP,
    /**
     * Put the whole record in an S3 object ({@code S2K_OVERSIZE_BUCKET}) and publish a small pointer record in its
     * place; the consumer library fetches the object, so nothing is lost.
     */
    S3
}
