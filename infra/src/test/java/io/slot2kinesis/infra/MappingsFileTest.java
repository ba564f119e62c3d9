package io.slot2kinesis.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MappingsFileTest {

    private static String failure(String json) {
        return assertThrows(IllegalArgumentException.class, () -> MappingsFile.parse(json, "m.json")).getMessage();
    }

    private static String rule(String id, String type, String action) {
        return "{\"rule-type\":\"" + type + "\",\"rule-id\":\"" + id + "\",\"rule-name\":\"r" + id + "\","
                + "\"object-locator\":{\"schema-name\":\"public\",\"table-name\":\"%\"},\"rule-action\":\"" + action + "\"}";
    }

    @Test
    void readsTheShippedMappings() {
        MappingsFile mappings = MappingsFile.read(RepoPaths.resolve("dms-mappings/table-mappings.json"));
        assertThat(mappings.selections()).containsExactly(new MappingsFile.Selection("include", "public", "%"));
        assertThat(mappings.asObject()).containsKey("rules");
        assertThat(mappings.selectionsJson())
                .isEqualTo("[{\"action\":\"include\",\"schemaPattern\":\"public\",\"tablePattern\":\"%\"}]");
    }

    @Test
    void namesTheRuleWithAnUnknownAction() {
        assertThat(failure("{\"rules\":[" + rule("1", "selection", "include") + "," + rule("2", "selection", "inclde") + "]}"))
                .isEqualTo("table mappings m.json rule 2 (r2): rule-action 'inclde' is not known for selection rules:"
                        + " use exclude, explicit, include");
    }

    @Test
    void namesTheRuleWithAnUnknownType() {
        assertThat(failure("{\"rules\":[" + rule("7", "selecton", "include") + "]}"))
                .isEqualTo("table mappings m.json rule 7 (r7): rule-type 'selecton' is not known:"
                        + " use selection, transformation, table-settings or object-mapping");
    }

    @Test
    void rejectsADuplicateRuleId() {
        assertThat(failure("{\"rules\":[" + rule("1", "selection", "include") + "," + rule("1", "selection", "exclude") + "]}"))
                .isEqualTo("table mappings m.json rule 1 (r1): rule-id 1 is used by an earlier rule");
    }

    @Test
    void rejectsInvalidJson() {
        assertThat(failure("{\"rules\": [")).startsWith("table mappings m.json is not valid JSON: ");
    }

    @Test
    void rejectsMappingsWithoutRules() {
        assertThat(failure("{\"tables\": []}"))
                .isEqualTo("table mappings m.json must be an object with a non-empty \"rules\" array");
    }

    @Test
    void rejectsMappingsThatSelectNothing() {
        assertThat(failure("{\"rules\":[" + rule("1", "selection", "exclude") + "]}"))
                .isEqualTo("table mappings m.json selects no table: add a selection rule with rule-action include");
    }
}
