package io.slot2kinesis.consumer;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key columns of each table, by {@code schema.table}: declared by the application, or learned from the
 * control records that list a table's columns (the worker's column-change records, DMS's {@code create-table}
 * with {@code IncludeControlDetails}). A declared key wins over a learned one. Thread-safe.
 *
 * <p>Row records do not say which columns are the key, so {@link Change#key()} is empty for a table whose key
 * is not known yet. Declare the keys of the tables you rebuild: control records may be far behind in the
 * stream, or past its retention.
 */
public final class KeyColumns {
    private final Map<String, List<String>> declared = new ConcurrentHashMap<>();
    private final Map<String, List<String>> learned = new ConcurrentHashMap<>();

    /** Declares the key of {@code schema.table}, in key order; returns this for chaining. */
    public KeyColumns declare(String qualifiedTable, String... columns) {
        Objects.requireNonNull(qualifiedTable, "qualifiedTable");
        if (columns.length == 0) {
            throw new IllegalArgumentException("the key of " + qualifiedTable + " needs at least one column");
        }
        declared.put(qualifiedTable, List.of(columns));
        return this;
    }

    /** The key columns of {@code schema.table}, or null when not known. */
    public List<String> of(String qualifiedTable) {
        List<String> columns = declared.get(qualifiedTable);
        return columns != null ? columns : learned.get(qualifiedTable);
    }

    void learn(String qualifiedTable, List<String> columns) {
        if (!columns.isEmpty()) {
            learned.put(qualifiedTable, List.copyOf(columns));
        }
    }
}
