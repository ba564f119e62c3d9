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

    @Override
    public String toString() {
        return qualified();
    }
}
