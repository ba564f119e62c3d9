package io.slot2kinesis.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.change.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableSelectionTest {
    private static TableSelection.Rule rule(TableSelection.Action action, String schema, String table) {
        return new TableSelection.Rule(new RuleRef("1", "r", 0), action, new ObjectLocator(schema, table));
    }

    private static TableId t(String schema, String name) {
        return new TableId(schema, name);
    }

    @Test
    void percentMatchesAnyRunOfCharactersIncludingNone() {
        NamePattern pattern = NamePattern.of("ord%s");
        assertThat(pattern.matches("orders")).isTrue();
        assertThat(pattern.matches("ords")).isTrue();
        assertThat(pattern.matches("order_items")).isTrue();
        assertThat(pattern.matches("order")).isFalse();
        assertThat(NamePattern.of("%").matches("")).isTrue();
    }

    @Test
    void underscoreMatchesExactlyOneCharacter() {
        NamePattern pattern = NamePattern.of("log_2024");
        assertThat(pattern.matches("log_2024")).isTrue();
        assertThat(pattern.matches("logX2024")).isTrue();
        assertThat(pattern.matches("log2024")).isFalse();
        assertThat(pattern.matches("log__2024")).isFalse();
    }

    @Test
    void bracketsMatchALiteralUnderscoreASetOrARange() {
        assertThat(NamePattern.of("log[_]%").matches("log_2024")).isTrue();
        assertThat(NamePattern.of("log[_]%").matches("logX2024")).isFalse();
        assertThat(NamePattern.of("t[ab]").matches("tb")).isTrue();
        assertThat(NamePattern.of("t[ab]").matches("tc")).isFalse();
        assertThat(NamePattern.of("p[0-3]").matches("p2")).isTrue();
        assertThat(NamePattern.of("p[0-3]").matches("p7")).isFalse();
    }

    @Test
    void matchingIsCaseSensitive() {
        assertThat(NamePattern.of("Orders").matches("orders")).isFalse();
    }

    @Test
    void includeSelectsWhatItsPatternMatches() {
        TableSelection selection = new TableSelection(List.of(rule(TableSelection.Action.INCLUDE, "public", "%")));
        assertThat(selection.selects(t("public", "orders"))).isTrue();
        assertThat(selection.selects(t("sales", "orders"))).isFalse();
    }

    @Test
    void excludeWinsWhateverTheRuleOrder() {
        TableSelection excludeFirst = new TableSelection(List.of(
                rule(TableSelection.Action.EXCLUDE, "public", "audit%"),
                rule(TableSelection.Action.INCLUDE, "public", "%")));
        TableSelection excludeLast = new TableSelection(List.of(
                rule(TableSelection.Action.INCLUDE, "public", "%"),
                rule(TableSelection.Action.EXCLUDE, "public", "audit%")));
        TableSelection explicitThenExclude = new TableSelection(List.of(
                rule(TableSelection.Action.EXPLICIT, "public", "audit_log"),
                rule(TableSelection.Action.EXCLUDE, "public", "audit%")));

        assertThat(excludeFirst.selects(t("public", "audit_log"))).isFalse();
        assertThat(excludeLast.selects(t("public", "audit_log"))).isFalse();
        assertThat(explicitThenExclude.selects(t("public", "audit_log"))).isFalse();
        assertThat(excludeLast.selects(t("public", "orders"))).isTrue();
    }

    @Test
    void explicitSelectsOnlyTheExactNameWithUnderscoresTakenLiterally() {
        TableSelection selection = new TableSelection(List.of(
                rule(TableSelection.Action.EXPLICIT, "public", "order_items")));
        assertThat(selection.selects(t("public", "order_items"))).isTrue();
        assertThat(selection.selects(t("public", "orderXitems"))).isFalse();

        TableSelection include = new TableSelection(List.of(
                rule(TableSelection.Action.INCLUDE, "public", "order_items")));
        assertThat(include.selects(t("public", "orderXitems"))).isTrue();
    }

    @Test
    void selectsTheMatchingCandidatesInTheirOrder() {
        TableSelection selection = new TableSelection(List.of(
                rule(TableSelection.Action.INCLUDE, "%", "%"),
                rule(TableSelection.Action.EXCLUDE, "pg_%", "%")));

        assertThat(selection.selectedFrom(List.of(t("public", "b"), t("pg_catalog", "pg_class"), t("sales", "a"))))
                .containsExactly(t("public", "b"), t("sales", "a"));
    }
}
