package io.slot2kinesis.load;

/** An initial load or backfill cannot go on; the message says why and what to change. */
public final class LoadException extends RuntimeException {
    public LoadException(String message) {
        super(message);
    }

    public LoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
