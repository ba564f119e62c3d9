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
                .isEqualTo("table mappings m.json: rule 2 'r2': rule-action 'inclde' is not valid for a selection rule:"
                        + " use include, exclude or explicit");
    }

    @Test
    void namesTheRuleWithAnUnknownType() {
        assertThat(failure("{\"rules\":[" + rule("7", "selecton", "include") + "]}"))
                .isEqualTo("table mappings m.json: rule 7 'r7': rule-type 'selecton' is not known:"
                        + " use selection, transformation, table-settings, object-mapping or post-processing");
    }

    @Test
    void rejectsADuplicateRuleId() {
        assertThat(failure("{\"rules\":[" + rule("1", "selection", "include") + "," + rule("1", "selection", "exclude") + "]}"))
                .isEqualTo("table mappings m.json: rule 1 'r1': rule-id 1 is already used by rule 1 'r1': give each"
                        + " rule a unique rule-id");
    }

    @Test
    void rejectsInvalidJson() {
        assertThat(failure("{\"rules\": [")).startsWith("table mappings m.json: ");
    }

    @Test
    void rejectsMappingsWithoutRules() {
        assertThat(failure("{\"tables\": []}"))
                .isEqualTo("table mappings m.json: 'rules' must be an array of rules");
    }

    @Test
    void rejectsMappingsThatSelectNothing() {
        assertThat(failure("{\"rules\":[" + rule("1", "selection", "exclude") + "]}"))
                .isEqualTo("table mappings m.json: no include or explicit selection rule: DMS needs at least one to"
                        + " select any table");
    }
}
