package io.slot2kinesis.cli;

/**
 * An option of a command: {@code --name=VALUE} (or {@code --name VALUE}), or a flag without a value.
 *
 * @param label what the value is, for the help ({@code SCHEMA.TABLE}); null for a flag
 */
record Option(String name, String label, String description) {
    static Option value(String name, String label, String description) {
        return new Option(name, label, description);
    }

    static Option flag(String name, String description) {
        return new Option(name, null, description);
    }

    boolean isFlag() {
        return label == null;
    }

    /** How the help shows it: {@code --table=SCHEMA.TABLE}, {@code --wait}. */
    String synopsis() {
        return isFlag() ? name : name + "=" + label;
    }
}
