package io.slot2kinesis.change;

import java.util.Objects;

/** A table's schema-qualified name, as PostgreSQL reports it in a Relation message. */
public record TableId(String schema, String name) {
    public TableId {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(name, "name");
    }

    /** {@code schema.name}, the form used in messages and partition keys. */
    public String qualified() {
        return schema + "." + name;
    }

    /** {@code "schema"."name"}, for SQL: right for mixed-case names and names that need quoting. */
    public String quoted() {
        return quote(schema) + "." + quote(name);
    }

    /** An identifier in double quotes, inner quotes doubled. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public String toString() {
        return qualified();
    }
}
