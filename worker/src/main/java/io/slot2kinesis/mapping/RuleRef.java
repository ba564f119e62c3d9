package io.slot2kinesis.mapping;

/**
 * Names a rule in messages: its {@code rule-id} and {@code rule-name} as written in the file.
 *
 * @param index 0-based position in the {@code rules} array, used when the id is missing
 */
public record RuleRef(String id, String name, int index) {

    /** {@code rule 3 'exclude-audit'}, or {@code rules[2]} when the rule has no id yet. */
    public String describe() {
        String who = id == null ? "rules[" + index + "]" : "rule " + id;
        return name == null ? who : who + " '" + name + "'";
    }
}
