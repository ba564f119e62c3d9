package io.slot2kinesis.mapping;

import io.slot2kinesis.change.TableId;

/**
 * A rule's {@code object-locator}: which schemas and tables it applies to, with DMS wildcards.
 *
 * @param tableName null for a transformation rule that targets a whole schema
 */
public record ObjectLocator(String schemaName, String tableName) {

    public boolean matches(TableId table) {
        return NamePattern.of(schemaName).matches(table.schema())
                && tableName != null
                && NamePattern.of(tableName).matches(table.name());
    }

    /**
     * For {@code explicit} rules: the names are compared as written, so an {@code _} in {@code order_items}
     * is a plain underscore there, not a wildcard.
     */
    public boolean matchesExactly(TableId table) {
        return schemaName.equals(table.schema()) && table.name().equals(tableName);
    }
}
