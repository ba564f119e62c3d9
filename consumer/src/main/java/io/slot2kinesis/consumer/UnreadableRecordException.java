package io.slot2kinesis.consumer;

/** A record that is not a change in either envelope, or has a field of the wrong shape. */
public final class UnreadableRecordException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnreadableRecordException(String message, String record, Throwable cause) {
        super(message + ": " + excerpt(record), cause);
    }

    static String excerpt(String record) {
        if (record == null) {
            return "<no data>";
        }
        return record.length() <= 300 ? record : record.substring(0, 300) + "... (" + record.length() + " chars)";
    }
}
