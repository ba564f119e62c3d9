package io.slot2kinesis.replication;

/** Another session (usually a second worker) is reading the slot; this worker waits instead of failing. */
public final class SlotBusyException extends RuntimeException {
    public SlotBusyException(String slot, String detail) {
        super("replication slot '" + slot + "' is in use by another session (" + detail
                + "); waiting for it to be released (is a second worker running?)");
    }
}
