package io.slot2kinesis.replication;

/** The slot or publication cannot be used as configured; the message says what to change. Not retried. */
public final class ReplicationSetupException extends RuntimeException {
    public ReplicationSetupException(String message) {
        super(message);
    }

    public ReplicationSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
