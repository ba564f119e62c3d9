package io.slot2kinesis.replication;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the slot on the first start only. The worker notes each slot it creates in its publication's comment,
 * which lives in the catalog and so survives a failover that loses the slot; a slot that is missing but noted (or
 * that this process already streamed from) is a lost slot, not a first start.
 */
public final class SlotGuard {
    private static final Logger log = LoggerFactory.getLogger(SlotGuard.class);
    private static final String NOTE = "slot2kinesis: slot %s created at LSN %s";
    private static final Pattern NOTED = Pattern.compile("slot2kinesis: slot (\\S+) created at LSN (\\S+)");

    /** {@code S2K_SLOT_LOST}: what to do when the slot is gone. */
    public enum LostSlotPolicy { STOP, RECREATE }

    private final SlotManager manager;
    private final String slot;
    private final String publication;
    private final LostSlotPolicy policy;
    private SlotCreator creator;

    /** Creates the slot and returns the LSN it starts at. */
    @FunctionalInterface
    public interface SlotCreator {
        LogSequenceNumber create() throws SQLException;
    }

    public SlotGuard(SlotManager manager, String slot, String publication, LostSlotPolicy policy) {
        this.manager = manager;
        this.slot = slot;
        this.publication = publication;
        this.policy = policy;
    }

    /** Creates the slot with {@code creator} (e.g. exporting a snapshot for an initial load); null: the default. */
    public SlotGuard creatingWith(SlotCreator creator) {
        this.creator = creator;
        return this;
    }

    /**
     * The slot's state, creating the slot when this is a first start (or the operator allows recreating it).
     *
     * @param acknowledgedHere the LSN this process acknowledged, or null when it has not streamed yet
     */
    public SlotState prepare(LogSequenceNumber acknowledgedHere) throws SQLException {
        var existing = manager.slotState();
        if (existing.isPresent()) {
            return manager.requireUsable(existing.get());
        }
        String evidence = acknowledgedHere != null
                ? "this worker streamed from it and acknowledged up to LSN " + acknowledgedHere.asString()
                : noted();
        if (evidence != null) {
            if (policy == LostSlotPolicy.STOP) {
                throw new SlotLostException(slot, evidence);
            }
            log.warn("replication slot '{}' no longer exists ({}); creating a new one as S2K_SLOT_LOST=recreate "
                    + "allows: changes made since then may be missing, re-read the selected tables", slot, evidence);
        }
        LogSequenceNumber start;
        try {
            start = creator != null ? creator.create() : manager.createSlot();
        } catch (SQLException e) {
            if (!"42710".equals(e.getSQLState())) {
                throw e;
            }
            log.info("replication slot '{}' was created concurrently by another session", slot);
            return manager.requireUsable(manager.slotState().orElseThrow());
        }
        note(start);
        if (evidence != null) {
            log.warn("replication slot '{}' recreated at LSN {}: changes committed between the lost slot's position "
                    + "and LSN {} are not in the stream unless the selected tables are re-read (backfill)", slot,
                    start.asString(), start.asString());
        }
        return manager.requireUsable(manager.slotState().orElseThrow());
    }

    /** Why we believe the slot existed before, from the publication's comment; null when nothing says so. */
    public String noted() throws SQLException {
        String created = lastNotedCreation(manager.publicationComment(publication), slot);
        return created == null ? null
                : "publication '" + publication + "' records that it was created at LSN " + created;
    }

    /**
     * The LSN at which {@code slot} was last created according to a publication comment, or null. A recreated slot
     * has one note per creation; the last one is where the current stream started.
     */
    static String lastNotedCreation(String comment, String slot) {
        if (comment == null) {
            return null;
        }
        String created = null;
        Matcher matcher = NOTED.matcher(comment);
        while (matcher.find()) {
            if (matcher.group(1).equals(slot)) {
                created = matcher.group(2);
            }
        }
        return created;
    }

    private void note(LogSequenceNumber start) {
        try {
            String comment = manager.publicationComment(publication);
            String line = String.format(NOTE, slot, start.asString());
            manager.commentOnPublication(publication, comment == null ? line : comment + "\n" + line);
        } catch (SQLException e) {
            log.warn("could not note slot '{}' in the comment of publication '{}' ({}): after a failover that loses "
                    + "the slot, the worker cannot tell a lost slot from a first start; own the publication, or "
                    + "watch for gaps", slot, publication, e.getMessage());
        }
    }
}
