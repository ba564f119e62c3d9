package io.slot2kinesis.customresource;

import java.util.List;

/**
 * What the replication-user custom resource maintains in one database.
 *
 * @param username the login DMS or the worker uses
 * @param slot the slot of the active mode, created if missing (never recreated); empty in DMS mode, where DMS
 *             Serverless creates and owns its slot
 * @param plugin its decoding plugin (pgoutput or test_decoding)
 * @param publication the publication to create, or empty for none (DMS mode)
 * @param selections the table mapping selection rules: what to grant and publish
 * @param ownedSlots the slots this resource may drop on delete
 * @param heartbeatSchema a schema the user may create in (DMS's WAL heartbeat), or empty for none
 * @param groups with table groups (worker mode): one slot and publication each, instead of {@code slot} and
 *               {@code publication} (then empty); empty without groups
 */
public record ReplicationSpec(
        String username,
        String slot,
        String plugin,
        String publication,
        List<Selection> selections,
        List<String> ownedSlots,
        String heartbeatSchema,
        List<Group> groups) {

    public ReplicationSpec(String username, String slot, String plugin, String publication, List<Selection> selections,
            List<String> ownedSlots, String heartbeatSchema) {
        this(username, slot, plugin, publication, selections, ownedSlots, heartbeatSchema, List.of());
    }

    /**
     * A table group (the file worker.tableGroups names): its slot and publication, and its table patterns; the default
     * group has none and takes every selected table no other group's patterns match.
     */
    public record Group(String slot, String publication, List<Selection> tables, boolean isDefault) {}

    /** A DMS selection rule: action include/exclude/explicit, patterns with {@code %} and {@code _}. */
    public record Selection(String action, String schemaPattern, String tablePattern) {
        boolean includes() {
            return !action.equals("exclude");
        }
    }
}
