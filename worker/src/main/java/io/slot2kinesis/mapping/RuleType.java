package io.slot2kinesis.mapping;

import java.util.List;

/** The {@code rule-type} values DMS accepts, each with the {@code rule-action} values valid for it. */
public enum RuleType {
    SELECTION("selection", List.of("include", "exclude", "explicit")),
    TRANSFORMATION("transformation", List.of(
            "add-column", "include-column", "remove-column", "rename", "convert-lowercase", "convert-uppercase",
            "add-prefix", "remove-prefix", "replace-prefix", "add-suffix", "remove-suffix", "replace-suffix",
            "define-primary-key", "change-data-type", "add-before-image-columns",
            "data-masking-digits-mask", "data-masking-digits-randomize", "data-masking-hash-mask")),
    TABLE_SETTINGS("table-settings", List.of("not-applicable")),
    OBJECT_MAPPING("object-mapping", List.of("map-record-to-record", "map-record-to-document")),
    /** Tags objects on S3 targets; has no effect on Kinesis in either mode. */
    POST_PROCESSING("post-processing", List.of("add-tag"));

    private final String jsonName;
    private final List<String> actions;

    RuleType(String jsonName, List<String> actions) {
        this.jsonName = jsonName;
        this.actions = actions;
    }

    public String jsonName() {
        return jsonName;
    }

    public List<String> actions() {
        return actions;
    }

    public boolean allows(String action) {
        return actions.contains(action);
    }

    /** The valid actions as prose: {@code include, exclude or explicit}. */
    public String allowedActions() {
        return orList(actions);
    }

    /** Null when the name is unknown. */
    public static RuleType fromJson(String name) {
        for (RuleType type : values()) {
            if (type.jsonName.equals(name)) {
                return type;
            }
        }
        return null;
    }

    static String allowedTypes() {
        return orList(java.util.Arrays.stream(values()).map(RuleType::jsonName).toList());
    }

    static String orList(List<String> words) {
        if (words.size() == 1) {
            return words.getFirst();
        }
        return String.join(", ", words.subList(0, words.size() - 1)) + " or " + words.getLast();
    }
}
