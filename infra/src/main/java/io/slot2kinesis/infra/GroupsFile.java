package io.slot2kinesis.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.mapping.TableGroups;
import io.slot2kinesis.mapping.TableMappingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The optional table groups file beside the table mappings ({@code table-groups.json}), checked at synth with the
 * worker's own parser. In worker mode each group gets its own slot, publication and ECS service; DMS mode ignores it.
 * The slot and publication of a group are named by the worker's rule ({@link TableGroups#nameFor}), so alarms and
 * outputs name what the worker reads.
 */
public final class GroupsFile {
    public static final String NAME = "table-groups.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GroupsFile() {
    }

    /** The groups file next to {@code mappingsFile}, or null when there is none (one implicit group). */
    public static TableGroups besides(Path mappingsFile) {
        Path file = mappingsFile.resolveSibling(NAME);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            TableGroups groups = TableGroups.parse(Files.readString(file), file.toString());
            requireDistinctIds(groups);
            return groups;
        } catch (IOException e) {
            throw new IllegalArgumentException("table groups " + file + " cannot be read: " + e.getMessage(), e);
        } catch (TableMappingException e) {
            throw new IllegalArgumentException("table groups " + e.getMessage(), e);
        }
    }

    /** A group's name as a construct and output id part: {@code audit_log} → {@code AuditLog}. */
    public static String idOf(String group) {
        StringBuilder id = new StringBuilder();
        for (String part : group.split("_")) {
            if (!part.isEmpty()) {
                id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        return id.toString();
    }

    private static void requireDistinctIds(TableGroups groups) {
        Map<String, String> seen = new HashMap<>();
        for (String name : groups.names()) {
            String other = seen.put(idOf(name), name);
            if (other != null) {
                throw new IllegalArgumentException("table groups " + groups.sourceName() + ": groups '" + other
                        + "' and '" + name + "' give the same resource names (" + idOf(name) + "): rename one");
            }
        }
    }

    /**
     * Refuses group names that make a slot or publication name longer than PostgreSQL keeps (63 bytes; the worker also
     * creates {@code <publication>_insert_only}).
     */
    public static void requireNamesFit(TableGroups groups, String slotBase, String publicationBase) {
        for (String name : groups.names()) {
            String slot = TableGroups.nameFor(slotBase, name);
            String publication = TableGroups.nameFor(publicationBase, name) + "_insert_only";
            if (slot.length() > 63 || publication.length() > 63) {
                throw new IllegalArgumentException("table groups " + groups.sourceName() + ": group '" + name
                        + "' makes slot '" + slot + "' and publication '" + publication + "': PostgreSQL keeps 63 "
                        + "bytes of a name; shorten the group name or replication.publication");
            }
        }
    }

    /** The groups for the replication-user custom resource: each group's slot, publication and table patterns. */
    public static String customResourceJson(TableGroups groups, String slotBase, String publicationBase) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (TableGroups.Group group : groups.groups()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("slot", TableGroups.nameFor(slotBase, group.name()));
            entry.put("publication", TableGroups.nameFor(publicationBase, group.name()));
            entry.put("tables", group.tables().stream().map(locator -> {
                Map<String, String> pattern = new LinkedHashMap<>();
                pattern.put("schemaPattern", locator.schemaName());
                pattern.put("tablePattern", locator.tableName());
                return pattern;
            }).toList());
            entry.put("isDefault", group.isDefault());
            list.add(entry);
        }
        try {
            return JSON.writeValueAsString(list);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
