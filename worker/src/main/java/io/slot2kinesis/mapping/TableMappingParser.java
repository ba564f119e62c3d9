package io.slot2kinesis.mapping;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns the JSON of a mapping file into {@link TableMappings}, failing on the first structural error. */
final class TableMappingParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> COMMON_KEYS =
            Set.of("rule-type", "rule-id", "rule-name", "rule-action", "object-locator");
    /** Partition-key settings the worker honours; any other mapping parameter reshapes records. */
    private static final Set<String> HONOURED_MAPPING_PARAMETERS =
            Set.of("partition-key-type", "partition-key-name", "partition-key");

    private final String source;

    TableMappingParser(String source) {
        this.source = source;
    }

    TableMappings parse(String json) {
        JsonNode root = readJson(json);
        if (!root.isObject()) {
            throw fail("expected a JSON object with a 'rules' array");
        }
        JsonNode rulesNode = root.get("rules");
        if (rulesNode == null || !rulesNode.isArray()) {
            throw fail("'rules' must be an array of rules");
        }
        List<MappingRule> rules = new ArrayList<>();
        List<TableSelection.Rule> selections = new ArrayList<>();
        List<PartitionKeyPolicies.Entry> policies = new ArrayList<>();
        Map<String, RuleRef> ids = new HashMap<>();
        for (int i = 0; i < rulesNode.size(); i++) {
            JsonNode node = rulesNode.get(i);
            if (!node.isObject()) {
                throw fail("rules[" + i + "]: must be a JSON object");
            }
            MappingRule rule = parseRule(node, i, ids);
            rules.add(rule);
            if (rule.type() == RuleType.SELECTION) {
                selections.add(new TableSelection.Rule(rule.ref(), selectionAction(rule.action()), rule.locator()));
            } else if (rule.type() == RuleType.OBJECT_MAPPING) {
                policies.add(new PartitionKeyPolicies.Entry(rule.locator(), partitionKeyPolicy(node, rule.ref())));
            }
        }
        if (selections.stream().noneMatch(s -> s.action() != TableSelection.Action.EXCLUDE)) {
            throw fail("no include or explicit selection rule: DMS needs at least one to select any table");
        }
        return new TableMappings(source, rules, new TableSelection(selections), new PartitionKeyPolicies(policies));
    }

    private JsonNode readJson(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw fail("is empty: expected a JSON object with a 'rules' array");
            }
            return root;
        } catch (JacksonException e) {
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new TableMappingException(source + ": not valid JSON" + at + ": " + e.getOriginalMessage()
                    .lines().findFirst().orElse(""), e);
        }
    }

    private MappingRule parseRule(JsonNode node, int index, Map<String, RuleRef> ids) {
        String name = text(node, "rule-name");
        String id = ruleId(node, index, name);
        RuleRef ref = new RuleRef(id, name, index);
        RuleRef previous = ids.putIfAbsent(id, ref);
        if (previous != null) {
            throw fail(ref, "rule-id " + id + " is already used by " + previous.describe()
                    + ": give each rule a unique rule-id");
        }
        if (name == null) {
            throw fail(ref, "rule-name is missing: give each rule a name");
        }
        String typeName = text(node, "rule-type");
        RuleType type = RuleType.fromJson(typeName);
        if (type == null) {
            throw fail(ref, (typeName == null ? "rule-type is missing" : "rule-type '" + typeName + "' is not known")
                    + ": use " + RuleType.allowedTypes());
        }
        String action = text(node, "rule-action");
        if (action == null || !type.allows(action)) {
            throw fail(ref, (action == null ? "rule-action is missing" : "rule-action '" + action
                    + "' is not valid") + " for " + article(type) + " rule: use " + type.allowedActions());
        }
        ObjectLocator locator = locator(node, ref, type);
        List<String> gaps = switch (type) {
            case SELECTION -> selectionGaps(node, ref, action, locator);
            case TRANSFORMATION -> List.of("a transformation rule (rule-action '" + action + "')");
            case TABLE_SETTINGS -> otherKeys(node, Set.of("parallel-load")).stream()
                    .map(key -> "table-settings '" + key + "'").toList();
            case OBJECT_MAPPING -> objectMappingGaps(node, action);
            case POST_PROCESSING -> List.of();
        };
        return new MappingRule(ref, type, action, locator, gaps);
    }

    private String ruleId(JsonNode node, int index, String name) {
        JsonNode id = node.get("rule-id");
        RuleRef unnamed = new RuleRef(null, name, index);
        if (id == null || id.isNull() || (id.isTextual() && id.asText().isBlank())) {
            throw fail(unnamed, "rule-id is missing: give each rule a unique numeric rule-id");
        }
        String text = id.asText();
        if (!(id.isIntegralNumber() || (id.isTextual() && text.chars().allMatch(Character::isDigit)))) {
            throw fail(unnamed, "rule-id '" + text + "' is not a number: give each rule a unique numeric rule-id");
        }
        return text;
    }

    private ObjectLocator locator(JsonNode node, RuleRef ref, RuleType type) {
        JsonNode locator = node.get("object-locator");
        if (locator == null || !locator.isObject()) {
            throw fail(ref, "object-locator is missing: give it a schema-name and a table-name");
        }
        String schema = text(locator, "schema-name");
        String table = text(locator, "table-name");
        boolean schemaLevel = type == RuleType.TRANSFORMATION && "schema".equals(text(node, "rule-target"));
        if (schema == null || schema.isEmpty() || (table == null && !schemaLevel)) {
            throw fail(ref, "object-locator needs a schema-name and a table-name (% matches any name)");
        }
        return new ObjectLocator(schema, table);
    }

    private List<String> selectionGaps(JsonNode node, RuleRef ref, String action, ObjectLocator locator) {
        if (action.equals("explicit") && (locator.schemaName().contains("%") || locator.tableName().contains("%"))) {
            throw fail(ref, "an explicit rule names one table exactly, so '%' is not allowed in '"
                    + locator.schemaName() + "." + locator.tableName() + "': use include for patterns");
        }
        JsonNode filters = node.get("filters");
        if (filters != null && !filters.isArray()) {
            throw fail(ref, "filters must be an array of column filters");
        }
        return filters != null && !filters.isEmpty() ? List.of("a selection filter") : List.of();
    }

    private List<String> objectMappingGaps(JsonNode node, String action) {
        List<String> gaps = new ArrayList<>();
        if (action.equals("map-record-to-document")) {
            gaps.add("rule-action 'map-record-to-document'");
        }
        for (String key : otherKeys(node, Set.of("mapping-parameters"))) {
            gaps.add("'" + key + "'");
        }
        JsonNode parameters = node.path("mapping-parameters");
        for (Iterator<String> keys = parameters.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!HONOURED_MAPPING_PARAMETERS.contains(key)) {
                gaps.add("mapping parameter '" + key + "'");
            }
        }
        return gaps;
    }

    private PartitionKeyPolicy partitionKeyPolicy(JsonNode node, RuleRef ref) {
        JsonNode parameters = node.path("mapping-parameters");
        String typeName = text(parameters, "partition-key-type");
        String constant = text(parameters.path("partition-key"), "value");
        if (typeName == null) {
            return constant != null ? PartitionKeyPolicy.constant(constant) : PartitionKeyPolicy.PRIMARY_KEY;
        }
        PartitionKeyType type = PartitionKeyType.fromJson(typeName);
        if (type == null) {
            throw fail(ref, "partition-key-type '" + typeName + "' is not valid: use " + PartitionKeyType.allowed());
        }
        return switch (type) {
            case PRIMARY_KEY -> PartitionKeyPolicy.PRIMARY_KEY;
            case SCHEMA_TABLE -> PartitionKeyPolicy.SCHEMA_TABLE;
            case TRANSACTION_ID -> PartitionKeyPolicy.TRANSACTION_ID;
            case CONSTANT -> {
                if (constant == null || constant.isEmpty()) {
                    throw fail(ref, "partition-key-type 'constant' needs \"partition-key\": {\"value\": \"...\"}");
                }
                yield PartitionKeyPolicy.constant(constant);
            }
            case ATTRIBUTE_NAME -> {
                String column = text(parameters, "partition-key-name");
                if (column == null || column.isEmpty()) {
                    throw fail(ref, "partition-key-type 'attribute-name' needs partition-key-name: the column whose"
                            + " value is the key");
                }
                yield PartitionKeyPolicy.attribute(column);
            }
        };
    }

    private static TableSelection.Action selectionAction(String action) {
        return TableSelection.Action.valueOf(action.toUpperCase(java.util.Locale.ROOT));
    }

    private static List<String> otherKeys(JsonNode node, Set<String> allowed) {
        List<String> keys = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!COMMON_KEYS.contains(key) && !allowed.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    private static String article(RuleType type) {
        return (type == RuleType.OBJECT_MAPPING ? "an " : "a ") + type.jsonName();
    }

    private TableMappingException fail(String problem) {
        return new TableMappingException(source + ": " + problem);
    }

    private TableMappingException fail(RuleRef ref, String problem) {
        return new TableMappingException(source + ": " + ref.describe() + ": " + problem);
    }
}
