package io.slot2kinesis.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slot2kinesis.change.TableId;
import org.junit.jupiter.api.Test;

class TableGroupsTest {
    private static final String FILE = "dms-mappings/table-groups.json";
    private static final String TWO = """
            {"groups": [
              {"name": "orders", "tables": [{"schema-name": "public", "table-name": "order%"}]},
              {"name": "audit", "tables": [{"schema-name": "audit", "table-name": "%"},
                                           {"schema-name": "public", "table-name": "log[_]%"}]},
              {"name": "rest", "default": true}
            ]}""";

    private static TableGroups parse(String json) {
        return TableGroups.parse(json, FILE);
    }

    @Test
    void aTableBelongsToTheGroupWhosePatternsMatchItElseToTheDefault() {
        TableGroups groups = parse(TWO);
        assertThat(groups.groupOf(new TableId("public", "orders")).name()).isEqualTo("orders");
        assertThat(groups.groupOf(new TableId("public", "order_items")).name()).isEqualTo("orders");
        assertThat(groups.groupOf(new TableId("audit", "events")).name()).isEqualTo("audit");
        assertThat(groups.groupOf(new TableId("public", "log_2024")).name()).isEqualTo("audit");
        assertThat(groups.groupOf(new TableId("public", "customers")).name()).isEqualTo("rest");
        assertThat(groups.groupOf(new TableId("public", "created_later")).isDefault()).isTrue();
        assertThat(groups.names()).containsExactly("orders", "audit", "rest");
    }

    @Test
    void aTableMatchingTwoGroupsIsAnErrorNamingTheTableAndBothGroups() {
        TableGroups groups = parse("""
                {"groups": [
                  {"name": "a", "tables": [{"schema-name": "public", "table-name": "order%"}]},
                  {"name": "b", "tables": [{"schema-name": "public", "table-name": "%items"}]},
                  {"name": "rest", "default": true}
                ]}""");
        assertThat(groups.groupOf(new TableId("public", "orders")).name()).isEqualTo("a");
        assertThatThrownBy(() -> groups.groupOf(new TableId("public", "order_items")))
                .isInstanceOf(TableGroupConflictException.class)
                .hasMessage(FILE + ": table public.order_items matches the patterns of groups 'a' and 'b': a table "
                        + "belongs to exactly one group; narrow the patterns of one of them");
    }

    @Test
    void anUnknownGroupIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> parse(TWO).group("order"))
                .hasMessage("S2K_GROUP 'order' is not a group of " + FILE + ": use one of [orders, audit, rest]");
    }

    @Test
    void exactlyOneGroupIsTheDefault() {
        assertThatThrownBy(() -> parse("""
                {"groups": [{"name": "a", "tables": [{"schema-name": "public", "table-name": "a"}]}]}"""))
                .hasMessageContaining("exactly one group needs \"default\": true").hasMessageContaining("found []");
        assertThatThrownBy(() -> parse("""
                {"groups": [{"name": "a", "default": true}, {"name": "b", "default": true}]}"""))
                .hasMessageContaining("found [a, b]");
    }

    @Test
    void namesAreShortLowercaseAndUnique() {
        assertThatThrownBy(() -> parse("""
                {"groups": [{"name": "Orders", "default": true}]}"""))
                .hasMessage(FILE + ": groups[0]: name 'Orders' must be 1 to 20 lowercase letters, digits or "
                        + "underscores, not starting with a digit (it becomes part of slot and publication names)");
        assertThatThrownBy(() -> parse("{\"groups\": [{\"name\": \"" + "g".repeat(21) + "\", \"default\": true}]}"))
                .hasMessageContaining("must be 1 to 20");
        assertThatThrownBy(() -> parse("""
                {"groups": [{"name": "a", "default": true},
                            {"name": "a", "tables": [{"schema-name": "s", "table-name": "t"}]}]}"""))
                .hasMessage(FILE + ": group 'a' is named twice");
    }

    @Test
    void malformedGroupsNameTheFileAndTheGroup() {
        assertThatThrownBy(() -> parse("{\"groups\": [")).hasMessageStartingWith(FILE + ": not valid JSON");
        assertThatThrownBy(() -> parse("{\"rules\": []}")).hasMessage(FILE
                + ": expected a JSON object with only a 'groups' array");
        assertThatThrownBy(() -> parse("""
                {"groups": [{"name": "a", "tables": []}, {"name": "r", "default": true}]}"""))
                .hasMessageStartingWith(FILE + ": groups[0] ('a'): 'tables' must be a non-empty array");
        assertThatThrownBy(() -> parse("""
                {"groups": [{"name": "r", "default": true, "tables": [{"schema-name": "s", "table-name": "t"}]}]}"""))
                .hasMessageContaining("the default group takes every selected table no other group matches");
        assertThatThrownBy(() -> parse("""
                {"groups": [{"name": "a", "tables": [{"schema-name": "s"}]}, {"name": "r", "default": true}]}"""))
                .hasMessageContaining("each entry of 'tables' needs text 'schema-name' and 'table-name'");
        assertThatThrownBy(() -> parse("""
                {"groups": [{"name": "r", "default": true, "slot": "x"}]}"""))
                .hasMessageContaining("unknown key 'slot'");
    }
}
