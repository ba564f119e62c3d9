package io.slot2kinesis.pipeline;

/** A record is larger than the stream accepts and {@code S2K_OVERSIZE=stop}: the worker stops, the slot stays before it. */
public final class OversizeRecordException extends RuntimeException {
    public OversizeRecordException(String origin, int size, int limit, String stream) {
        super("record for " + origin + " is " + size + " bytes, above the maximum record size of stream " + stream
                + " (" + limit + " bytes); nothing after it is acknowledged. Raise the stream's MaxRecordSizeInKiB "
                + "(up to 10 MiB), set S2K_OVERSIZE=s3 (with S2K_OVERSIZE_BUCKET) to store it in S3 behind a pointer "
                + "record, or S2K_OVERSIZE=skip to publish a marker record in its place");
    }
}
