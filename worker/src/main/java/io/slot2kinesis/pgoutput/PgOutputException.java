package io.slot2kinesis.pgoutput;

import org.postgresql.replication.LogSequenceNumber;

/**
 * The replication stream broke the pgoutput protocol, or used a part of it slot2kinesis does not support.
 *
 * <p>Not retryable as is: the same bytes will fail again. The message names the WAL position so the
 * offending transaction can be inspected with {@code pg_logical_slot_peek_binary_changes}.
 */
public final class PgOutputException extends RuntimeException {
    public PgOutputException(String message) {
        super(message);
    }

    public PgOutputException(String message, Throwable cause) {
        super(message, cause);
    }

    /** {@code " at WAL position 0/16B3748"}, or nothing when the position is unknown. */
    public static String at(LogSequenceNumber walPosition) {
        return walPosition == null ? "" : " at WAL position " + walPosition.asString();
    }
}
