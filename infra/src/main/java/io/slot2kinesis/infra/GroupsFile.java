package io.slot2kinesis.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.infra.config.ConfigException;
import io.slot2kinesis.infra.config.DeploymentConfig;
import io.slot2kinesis.infra.config.TableGroupsSetting;
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
 * The optional table groups file an environment names ({@code worker.tableGroups} or {@code -c tableGroups}, see
 * {@link TableGroupsSetting}), checked at synth with the worker's own parser. In worker mode each group gets its own
 * slot, publication and ECS service; DMS mode ignores it. The slot and publication of a group are named by the
 * worker's rule ({@link TableGroups#nameFor}), so alarms and outputs name what the worker reads. Messages start with
 * the setting and the file ({@link TableGroups#sourceName()}), e.g. {@code environments.dev.worker.tableGroups
 * dms-mappings/table-groups-dev.json: ...}.
 */
public final class GroupsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GroupsFile() {
    }

    /** The groups {@code setting} names, read from {@code root}; null when it is null (one implicit group). */
    public static TableGroups read(Path root, TableGroupsSetting setting) {
        if (setting == null) {
            return null;
        }
        Path file = root.resolve(setting.path());
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(setting.key() + " '" + setting.path() + "' does not exist: create it (format in"
                    + " the README, \"Table groups\"; " + TableGroupsSetting.FOLDER + "/table-groups.example.json is an"
                    + " example) or fix the path");
        }
        String source = setting.key() + " " + setting.path();
        try {
            TableGroups groups = TableGroups.parse(Files.readString(file), source);
            requireDistinctIds(groups);
            return groups;
        } catch (IOException e) {
            throw new ConfigException(source + " cannot be read: " + e.getMessage());
        } catch (TableMappingException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * Refuses more groups than the database keeps slots for, leaving {@code spare} beside them (the other mode's
     * slot while switching modes, and one for the operator).
     */
    public static void requireSlots(TableGroups groups, DeploymentConfig config, int spare) {
        int groupCount = groups.groups().size();
        int slots = config.database().maxReplicationSlots();
        if (groupCount + spare > slots) {
            throw new ConfigException(groups.sourceName() + ": " + groupCount + " groups need " + groupCount
                    + " replication slots plus " + spare + " spare (the other mode's slot while switching modes, one"
                    + " for you), but environments." + config.envName() + ".database.maxReplicationSlots is " + slots
                    + ": raise it to at least " + (groupCount + spare) + " (maxWalSenders follows it), or use fewer"
                    + " groups");
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
                throw new ConfigException(groups.sourceName() + ": groups '" + other
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
                throw new ConfigException(groups.sourceName() + ": group '" + name
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
