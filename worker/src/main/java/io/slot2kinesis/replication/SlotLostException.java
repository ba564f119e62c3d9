package io.slot2kinesis.replication;

/**
 * The slot this worker streamed from is gone (a failover to a standby without it, or someone dropped it). A new
 * slot would start at the current WAL position, so changes since the old one's position may be missing: the worker
 * stops instead of carrying on as if nothing was lost.
 */
public final class SlotLostException extends RuntimeException {
    public SlotLostException(String slot, String evidence) {
        super("replication slot '" + slot + "' no longer exists, but " + evidence + ": changes made since then may "
                + "be missing from the stream. To recover, start the worker with S2K_SLOT_LOST=recreate (a new slot "
                + "from the current position) and S2K_INITIAL_LOAD=on-create (re-read every selected table under the "
                + "new slot's snapshot), or with S2K_SLOT_LOST=recreate alone and then a backfill of each table "
                + "('slot2kinesis backfill --table ...')");
    }
}
