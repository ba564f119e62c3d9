package io.slot2kinesis.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slot2kinesis.change.TableId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TableMappingsTest {
    private static final String FILE = "dms-mappings/table-mappings.json";

    private static String rules(String... rules) {
        return "{\"rules\": [" + String.join(",", rules) + "]}";
    }

    private static String includePublic() {
        return """
                {"rule-type": "selection", "rule-id": "1", "rule-name": "include-public",
                 "object-locator": {"schema-name": "public", "table-name": "%"}, "rule-action": "include"}""";
    }

    private static void assertFails(String json, String message) {
        assertThatThrownBy(() -> TableMappings.parse(json, FILE))
                .isInstanceOf(TableMappingException.class)
                .hasMessage(message);
    }

    @Test
    void parsesTheProjectsOwnMappingFile() throws Exception {
        Path file = Path.of("..", FILE);
        TableMappings mappings = TableMappings.parse(Files.readString(file), FILE);

        assertThat(mappings.selects(new TableId("public", "orders"))).isTrue();
        assertThat(mappings.selects(new TableId("audit", "orders"))).isFalse();
        mappings.requireWorkerSupport();
    }

    @Test
    void rejectsInvalidJsonNamingFileAndPosition() {
        assertThatThrownBy(() -> TableMappings.parse("{\"rules\": [", FILE))
                .isInstanceOf(TableMappingException.class)
                .hasMessageStartingWith(FILE + ": not valid JSON at line 1, column ");
    }

    @Test
    void rejectsAFileWithoutARulesArray() {
        assertFails("{\"rule\": []}", FILE + ": 'rules' must be an array of rules");
        assertFails("[]", FILE + ": expected a JSON object with a 'rules' array");
    }

    @Test
    void rejectsAnUnknownRuleActionForASelectionRule() {
        assertFails(rules(includePublic(), """
                {"rule-type": "selection", "rule-id": "3", "rule-name": "exclude-audit",
                 "object-locator": {"schema-name": "audit", "table-name": "%"}, "rule-action": "drop"}"""),
                FILE + ": rule 3 'exclude-audit': rule-action 'drop' is not valid for a selection rule:"
                        + " use include, exclude or explicit");
    }

    @Test
    void rejectsAMissingRuleActionNamingTheActionsOfTheRuleType() {
        assertFails(rules(includePublic(), """
                {"rule-type": "object-mapping", "rule-id": "2", "rule-name": "keys",
                 "object-locator": {"schema-name": "public", "table-name": "orders"}}"""),
                FILE + ": rule 2 'keys': rule-action is missing for an object-mapping rule:"
                        + " use map-record-to-record or map-record-to-document");
    }

    @Test
    void rejectsAnUnknownRuleType() {
        assertFails(rules(includePublic(), """
                {"rule-type": "selektion", "rule-id": "2", "rule-name": "typo", "rule-action": "include",
                 "object-locator": {"schema-name": "public", "table-name": "%"}}"""),
                FILE + ": rule 2 'typo': rule-type 'selektion' is not known: use selection, transformation,"
                        + " table-settings, object-mapping or post-processing");
    }

    @Test
    void rejectsAMissingOrNonNumericRuleId() {
        assertFails(rules("""
                {"rule-type": "selection", "rule-name": "no-id", "rule-action": "include",
                 "object-locator": {"schema-name": "public", "table-name": "%"}}"""),
                FILE + ": rules[0] 'no-id': rule-id is missing: give each rule a unique numeric rule-id");
        assertFails(rules("""
                {"rule-type": "selection", "rule-id": "one", "rule-name": "word-id", "rule-action": "include",
                 "object-locator": {"schema-name": "public", "table-name": "%"}}"""),
                FILE + ": rules[0] 'word-id': rule-id 'one' is not a number: give each rule a unique numeric rule-id");
    }

    @Test
    void rejectsADuplicateRuleIdNamingBothRules() {
        assertFails(rules(includePublic(), """
                {"rule-type": "selection", "rule-id": 1, "rule-name": "include-sales", "rule-action": "include",
                 "object-locator": {"schema-name": "sales", "table-name": "%"}}"""),
                FILE + ": rule 1 'include-sales': rule-id 1 is already used by rule 1 'include-public':"
                        + " give each rule a unique rule-id");
    }

    @Test
    void rejectsAMissingRuleName() {
        assertFails(rules("""
                {"rule-type": "selection", "rule-id": "1", "rule-action": "include",
                 "object-locator": {"schema-name": "public", "table-name": "%"}}"""),
                FILE + ": rule 1: rule-name is missing: give each rule a name");
    }

    @Test
    void rejectsAMissingObjectLocatorOrName() {
        assertFails(rules("""
                {"rule-type": "selection", "rule-id": "1", "rule-name": "all", "rule-action": "include"}"""),
                FILE + ": rule 1 'all': object-locator is missing: give it a schema-name and a table-name");
        assertFails(rules("""
                {"rule-type": "selection", "rule-id": "1", "rule-name": "all", "rule-action": "include",
                 "object-locator": {"schema-name": "public"}}"""),
                FILE + ": rule 1 'all': object-locator needs a schema-name and a table-name (% matches any name)");
    }

    @Test
    void rejectsAPercentWildcardInAnExplicitRule() {
        assertFails(rules("""
                {"rule-type": "selection", "rule-id": "1", "rule-name": "orders", "rule-action": "explicit",
                 "object-locator": {"schema-name": "public", "table-name": "order%"}}"""),
                FILE + ": rule 1 'orders': an explicit rule names one table exactly, so '%' is not allowed in"
                        + " 'public.order%': use include for patterns");
    }

    @Test
    void rejectsAFileThatSelectsNothing() {
        assertFails(rules("""
                {"rule-type": "selection", "rule-id": "1", "rule-name": "no-audit", "rule-action": "exclude",
                 "object-locator": {"schema-name": "audit", "table-name": "%"}}"""),
                FILE + ": no include or explicit selection rule: DMS needs at least one to select any table");
    }

    @Test
    void rejectsAnUnknownPartitionKeyType() {
        assertFails(rules(includePublic(), objectMapping("orders", "\"partition-key-type\": \"row-id\"")),
                FILE + ": rule 2 'keys-orders': partition-key-type 'row-id' is not valid: use primary-key,"
                        + " schema-table, transaction-id, constant or attribute-name");
    }

    @Test
    void rejectsAttributeNameWithoutPartitionKeyName() {
        assertFails(rules(includePublic(), objectMapping("orders", "\"partition-key-type\": \"attribute-name\"")),
                FILE + ": rule 2 'keys-orders': partition-key-type 'attribute-name' needs partition-key-name:"
                        + " the column whose value is the key");
    }

    @Test
    void exposesThePartitionKeyPolicyOfEachTable() {
        TableMappings mappings = TableMappings.parse(rules(includePublic(),
                objectMapping("orders", "\"partition-key-type\": \"schema-table\""),
                objectMapping("events", "\"partition-key-type\": \"attribute-name\","
                        + " \"partition-key-name\": \"tenant_id\"").replace("\"2\"", "\"3\""),
                objectMapping("log%", "\"partition-key\": {\"value\": \"all-logs\"}").replace("\"2\"", "\"4\""),
                objectMapping("batches", "\"partition-key-type\": \"transaction-id\"").replace("\"2\"", "\"5\"")),
                FILE);
        PartitionKeyPolicies keys = mappings.partitionKeys();

        assertThat(keys.forTable(new TableId("public", "orders"))).isEqualTo(PartitionKeyPolicy.SCHEMA_TABLE);
        assertThat(keys.forTable(new TableId("public", "events"))).isEqualTo(PartitionKeyPolicy.attribute("tenant_id"));
        assertThat(keys.forTable(new TableId("public", "log_2024"))).isEqualTo(PartitionKeyPolicy.constant("all-logs"));
        assertThat(keys.forTable(new TableId("public", "batches"))).isEqualTo(PartitionKeyPolicy.TRANSACTION_ID);
        assertThat(keys.forTable(new TableId("public", "customers"))).isEqualTo(PartitionKeyPolicy.PRIMARY_KEY);
        mappings.requireWorkerSupport();
    }

    @Test
    void workerRefusesTransformationsFiltersTableSettingsAndReshapingObjectMappings() {
        TableMappings mappings = TableMappings.parse(rules("""
                {"rule-type": "selection", "rule-id": "1", "rule-name": "big-orders", "rule-action": "include",
                 "object-locator": {"schema-name": "public", "table-name": "orders"},
                 "filters": [{"filter-type": "source", "column-name": "total",
                              "filter-conditions": [{"filter-operator": "gte", "value": "100"}]}]}""", """
                {"rule-type": "transformation", "rule-id": "2", "rule-name": "rename-orders", "rule-action": "rename",
                 "rule-target": "table", "object-locator": {"schema-name": "public", "table-name": "orders"},
                 "value": "purchases"}""", """
                {"rule-type": "table-settings", "rule-id": "3", "rule-name": "lobs", "rule-action": "not-applicable",
                 "object-locator": {"schema-name": "public", "table-name": "orders"},
                 "lob-settings": {"mode": "limited", "bulk-max-size": "16"}}""", """
                {"rule-type": "object-mapping", "rule-id": "4", "rule-name": "doc", "rule-action": "map-record-to-document",
                 "object-locator": {"schema-name": "public", "table-name": "orders"},
                 "mapping-parameters": {"exclude-columns": ["secret"]}}"""), FILE);

        assertThatThrownBy(mappings::requireWorkerSupport)
                .isInstanceOf(UnsupportedMappingException.class)
                .extracting(e -> ((UnsupportedMappingException) e).problems())
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(String.class))
                .containsExactly(
                        FILE + ": rule 1 'big-orders': a selection filter is honoured in DMS mode but not in worker"
                                + " mode: remove it, or deploy with mode=dms",
                        FILE + ": rule 2 'rename-orders': a transformation rule (rule-action 'rename') is honoured"
                                + " in DMS mode but not in worker mode: remove it, or deploy with mode=dms",
                        FILE + ": rule 3 'lobs': table-settings 'lob-settings' is honoured in DMS mode but not in"
                                + " worker mode: remove it, or deploy with mode=dms",
                        FILE + ": rule 4 'doc': rule-action 'map-record-to-document' is honoured in DMS mode but"
                                + " not in worker mode: remove it, or deploy with mode=dms",
                        FILE + ": rule 4 'doc': mapping parameter 'exclude-columns' is honoured in DMS mode but"
                                + " not in worker mode: remove it, or deploy with mode=dms");
    }

    @Test
    void workerAcceptsParallelLoadSettingsAndLoadOrder() {
        TableMappings mappings = TableMappings.parse(rules("""
                {"rule-type": "selection", "rule-id": "1", "rule-name": "orders", "rule-action": "include",
                 "load-order": "2", "object-locator": {"schema-name": "public", "table-name": "orders"}}""", """
                {"rule-type": "table-settings", "rule-id": "2", "rule-name": "parallel", "rule-action": "not-applicable",
                 "object-locator": {"schema-name": "public", "table-name": "orders"},
                 "parallel-load": {"type": "partitions-auto"}}"""), FILE);

        assertThat(mappings.workerSupportProblems()).isEmpty();
    }

    private static String objectMapping(String table, String parameters) {
        return """
                {"rule-type": "object-mapping", "rule-id": "2", "rule-name": "keys-%s",
                 "rule-action": "map-record-to-record",
                 "object-locator": {"schema-name": "public", "table-name": "%s"},
                 "mapping-parameters": {%s}}""".formatted(table.replace("%", ""), table, parameters);
    }
}
