package io.slot2kinesis.config;

/** {@code S2K_OVERSIZE}: what to do with a record larger than the stream accepts. */
public enum OversizePolicy {
    /** Stop with a message naming the table, key, LSN and size; the slot stays at the record, nothing is lost. */
    STOP,
    /** Publish a small marker record in its place, carrying table, key, LSN and size. */
    SKIP
}
