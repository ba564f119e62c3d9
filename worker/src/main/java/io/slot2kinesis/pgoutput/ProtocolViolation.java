package io.slot2kinesis.pgoutput;

/**
 * Raised while reading a message body; {@link PgOutputDecoder} adds which message and WAL position and
 * rethrows it as a {@link PgOutputException}. No stack trace: the wrapper's is the one that matters.
 */
final class ProtocolViolation extends RuntimeException {
    ProtocolViolation(String message) {
        super(message, null, false, false);
    }
}
