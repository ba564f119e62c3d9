package io.slot2kinesis.mapping;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.change.TableId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The table groups file (in {@code dms-mappings/}, named per environment by {@code worker.tableGroups}; the DMS
 * table mappings stay valid for AWS DMS): it splits the selected tables into groups, each read by its own slot, publication and worker, so one
 * database's change rate is not bounded by one walsender. A table belongs to exactly one group, so the order of each
 * key's records holds; there is no order between groups.
 *
 * <pre>{@code
 * {"groups": [
 *   {"name": "orders", "tables": [{"schema-name": "public", "table-name": "order%"}]},
 *   {"name": "rest", "default": true}
 * ]}
 * }</pre>
 *
 * <p>Exactly one group is the default: it takes every selected table no other group's patterns match, so a table
 * created later is never left out. A table matching two other groups is an error naming it and both groups.
 */
public final class TableGroups {
    /** Short enough that {@code <slot>_<group>} and {@code <publication>_<group>_insert_only} fit PostgreSQL's 63. */
    public static final int MAX_NAME_LENGTH = 20;
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0," + (MAX_NAME_LENGTH - 1) + "}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> GROUP_KEYS = Set.of("name", "tables", "default");
    private static final Set<String> LOCATOR_KEYS = Set.of("schema-name", "table-name");

    /** One group; {@code tables} is empty for the default group. */
    public record Group(String name, boolean isDefault, List<ObjectLocator> tables) {
        public Group {
            tables = List.copyOf(tables);
        }

        boolean matches(TableId table) {
            return tables.stream().anyMatch(locator -> locator.matches(table));
        }
    }

    private final String sourceName;
    private final List<Group> groups;
    private final Group defaultGroup;

    private TableGroups(String sourceName, List<Group> groups) {
        this.sourceName = sourceName;
        this.groups = List.copyOf(groups);
        this.defaultGroup = groups.stream().filter(Group::isDefault).findFirst().orElseThrow();
    }

    /**
     * Parses and validates a groups file.
     *
     * @param sourceName how the file is named in messages, e.g. {@code dms-mappings/table-groups.example.json}
     * @throws TableMappingException naming the file, the group and what is allowed
     */
    public static TableGroups parse(String json, String sourceName) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new TableMappingException(sourceName + ": not valid JSON: " + e.getOriginalMessage().lines()
                    .findFirst().orElse(""), e);
        }
        if (root == null || !root.isObject() || !root.path("groups").isArray() || root.size() != 1) {
            throw new TableMappingException(sourceName + ": expected a JSON object with only a 'groups' array");
        }
        List<Group> groups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < root.get("groups").size(); i++) {
            Group group = group(root.get("groups").get(i), sourceName + ": groups[" + i + "]");
            if (!names.add(group.name())) {
                throw new TableMappingException(sourceName + ": group '" + group.name() + "' is named twice");
            }
            groups.add(group);
        }
        List<String> defaults = groups.stream().filter(Group::isDefault).map(Group::name).toList();
        if (defaults.size() != 1) {
            throw new TableMappingException(sourceName + ": exactly one group needs \"default\": true (it takes every "
                    + "selected table no other group matches, including tables created later); found " + defaults);
        }
        return new TableGroups(sourceName, groups);
    }

    private static Group group(JsonNode node, String where) {
        if (!node.isObject()) {
            throw new TableMappingException(where + ": must be a JSON object with 'name' and 'tables' or 'default'");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!GROUP_KEYS.contains(key)) {
                throw new TableMappingException(where + ": unknown key '" + key + "': allowed are " + GROUP_KEYS);
            }
        }
        String name = node.path("name").asText("");
        if (!NAME.matcher(name).matches()) {
            throw new TableMappingException(where + ": name '" + name + "' must be 1 to " + MAX_NAME_LENGTH
                    + " lowercase letters, digits or underscores, not starting with a digit (it becomes part of slot "
                    + "and publication names)");
        }
        boolean isDefault = node.path("default").asBoolean(false);
        JsonNode tables = node.path("tables");
        if (isDefault) {
            if (!tables.isMissingNode()) {
                throw new TableMappingException(where + " ('" + name + "'): the default group takes every selected "
                        + "table no other group matches; it lists no 'tables'");
            }
            return new Group(name, true, List.of());
        }
        if (!tables.isArray() || tables.isEmpty()) {
            throw new TableMappingException(where + " ('" + name + "'): 'tables' must be a non-empty array of "
                    + "{\"schema-name\": ..., \"table-name\": ...} (DMS wildcards % and _ allowed)");
        }
        List<ObjectLocator> locators = new ArrayList<>();
        for (JsonNode locator : tables) {
            locators.add(locator(locator, where + " ('" + name + "')"));
        }
        return new Group(name, false, locators);
    }

    private static ObjectLocator locator(JsonNode node, String where) {
        if (!node.isObject() || !node.path("schema-name").isTextual() || !node.path("table-name").isTextual()) {
            throw new TableMappingException(where + ": each entry of 'tables' needs text 'schema-name' and "
                    + "'table-name'");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!LOCATOR_KEYS.contains(key)) {
                throw new TableMappingException(where + ": unknown key '" + key + "' in 'tables': allowed are "
                        + LOCATOR_KEYS);
            }
        }
        return new ObjectLocator(node.get("schema-name").asText(), node.get("table-name").asText());
    }

    /** The slot of a group: {@code <S2K_SLOT>_<group>}; the same rule names the publication. */
    public static String nameFor(String base, String group) {
        return base + "_" + group;
    }

    public String sourceName() {
        return sourceName;
    }

    public List<Group> groups() {
        return groups;
    }

    public List<String> names() {
        return groups.stream().map(Group::name).toList();
    }

    public Group defaultGroup() {
        return defaultGroup;
    }

    /** The group named so; throws listing the known groups when there is none. */
    public Group group(String name) {
        return groups.stream().filter(group -> group.name().equals(name)).findFirst()
                .orElseThrow(() -> new TableMappingException("S2K_GROUP '" + name + "' is not a group of "
                        + sourceName + ": use one of " + names()));
    }

    /**
     * The group a (selected) table belongs to: the one other group whose patterns match it, else the default.
     *
     * @throws TableGroupConflictException when two groups match it
     */
    public Group groupOf(TableId table) {
        Group found = null;
        for (Group group : groups) {
            if (!group.isDefault() && group.matches(table)) {
                if (found != null) {
                    throw new TableGroupConflictException(sourceName, table, found.name(), group.name());
                }
                found = group;
            }
        }
        return found == null ? defaultGroup : found;
    }
}
