package io.slot2kinesis.consumer;

/**
 * The body of a pointer record could not be resolved: no {@link LargeRecordFetcher} was given, the object could not
 * be read, or it is not the one the pointer describes (size or SHA-256 differ).
 */
public final class LargeRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LargeRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
