package io.slot2kinesis.mapping;

import io.slot2kinesis.change.TableId;
import java.util.Collection;
import java.util.List;

/**
 * Which tables the selection rules pick, with DMS semantics: a table is selected when an {@code include}
 * rule matches it (wildcards allowed) or an {@code explicit} rule names it exactly, and no {@code exclude}
 * rule matches it. Exclusions win whatever the rule order.
 */
public final class TableSelection {
    public enum Action { INCLUDE, EXCLUDE, EXPLICIT }

    /** One selection rule. */
    public record Rule(RuleRef ref, Action action, ObjectLocator locator) {}

    private final List<Rule> rules;

    public TableSelection(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public boolean selects(TableId table) {
        boolean chosen = false;
        for (Rule rule : rules) {
            switch (rule.action()) {
                case EXCLUDE -> {
                    if (rule.locator().matches(table)) {
                        return false;
                    }
                }
                case INCLUDE -> chosen |= rule.locator().matches(table);
                case EXPLICIT -> chosen |= rule.locator().matchesExactly(table);
            }
        }
        return chosen;
    }

    /** The candidates the rules select, in the candidates' order: for {@code check} and the publication. */
    public List<TableId> selectedFrom(Collection<TableId> candidates) {
        return candidates.stream().filter(this::selects).toList();
    }

    public List<Rule> rules() {
        return rules;
    }
}
