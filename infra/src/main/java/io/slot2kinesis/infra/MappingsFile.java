package io.slot2kinesis.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DMS table mappings both modes use, checked at synth: valid JSON, a {@code rules} array, known
 * rule types and actions, unique rule ids, at least one include. Errors name the file and the rule.
 * Kept to this one class so it can later delegate to the worker's {@code TableMappings.parse}.
 */
public final class MappingsFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Set<String>> ACTIONS = Map.of(
            "selection", Set.of("include", "exclude", "explicit"),
            "transformation", Set.of("rename", "remove-column", "convert-lowercase", "convert-uppercase",
                    "add-prefix", "remove-prefix", "replace-prefix", "add-suffix", "remove-suffix",
                    "replace-suffix", "define-primary-key", "change-data-type", "add-column", "include-column",
                    "add-before-image-columns"),
            "table-settings", Set.of(),
            "object-mapping", Set.of("map-record-to-record", "map-record-to-document"));

    /** One selection rule's object locator; patterns use DMS wildcards {@code %} and {@code _}. */
    public record Selection(String action, String schemaPattern, String tablePattern) {
    }

    private final String source;
    private final Map<String, Object> mappings;
    private final List<Selection> selections;

    private MappingsFile(String source, Map<String, Object> mappings, List<Selection> selections) {
        this.source = source;
        this.mappings = mappings;
        this.selections = selections;
    }

    public static MappingsFile read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("table mappings " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    public static MappingsFile parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("table mappings " + source + " is not valid JSON: "
                    + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr());
        }
        if (root == null || !root.isObject() || !root.path("rules").isArray() || root.path("rules").isEmpty()) {
            throw new IllegalArgumentException("table mappings " + source + " must be an object with a non-empty \"rules\" array");
        }
        Set<String> ids = new HashSet<>();
        List<Selection> selections = new ArrayList<>();
        int index = 0;
        for (JsonNode rule : root.path("rules")) {
            index++;
            String id = rule.path("rule-id").asText("");
            String name = "table mappings " + source + " rule " + (id.isEmpty() ? "#" + index : id)
                    + (rule.hasNonNull("rule-name") ? " (" + rule.path("rule-name").asText() + ")" : "");
            if (id.isEmpty()) {
                throw new IllegalArgumentException(name + ": rule-id is required");
            }
            if (!ids.add(id)) {
                throw new IllegalArgumentException(name + ": rule-id " + id + " is used by an earlier rule");
            }
            String type = rule.path("rule-type").asText("");
            if (!ACTIONS.containsKey(type)) {
                throw new IllegalArgumentException(name + ": rule-type '" + type
                        + "' is not known: use selection, transformation, table-settings or object-mapping");
            }
            String action = rule.path("rule-action").asText("");
            Set<String> allowed = ACTIONS.get(type);
            if (!allowed.isEmpty() && !allowed.contains(action)) {
                throw new IllegalArgumentException(name + ": rule-action '" + action + "' is not known for "
                        + type + " rules: use " + String.join(", ", allowed.stream().sorted().toList()));
            }
            if (type.equals("selection")) {
                JsonNode locator = rule.path("object-locator");
                String schema = locator.path("schema-name").asText("");
                String table = locator.path("table-name").asText("");
                if (schema.isEmpty() || table.isEmpty()) {
                    throw new IllegalArgumentException(name + ": object-locator needs schema-name and table-name");
                }
                selections.add(new Selection(action, schema, table));
            }
        }
        if (selections.stream().noneMatch(s -> !s.action().equals("exclude"))) {
            throw new IllegalArgumentException("table mappings " + source + " selects no table: add a selection rule with rule-action include");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> asMap = JSON.convertValue(root, Map.class);
        return new MappingsFile(source, asMap, List.copyOf(selections));
    }

    public String source() {
        return source;
    }

    /** The mappings as a JSON object, for {@code CfnReplicationConfig.tableMappings}. */
    public Map<String, Object> asObject() {
        return mappings;
    }

    public List<Selection> selections() {
        return selections;
    }

    /** The selection rules as one compact JSON string, a property of the replication-user custom resource. */
    public String selectionsJson() {
        try {
            return JSON.writeValueAsString(selections);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
