package io.slot2kinesis.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One change read from the stream, whichever mode and envelope wrote it.
 *
 * <p>Values are the JSON values of the record, unconverted: what a value looks like for each PostgreSQL type,
 * and where the two modes differ, is in {@code docs/consumers.md}.
 *
 * @param operation    what happened
 * @param detail       the operation as the record named it: {@code insert}, {@code add-column}, {@code c}, ...
 * @param schema       the table's schema
 * @param table        the table's name
 * @param partitionKey the Kinesis partition key of the record (the row's key for row changes under the default
 *                     {@code primary-key} policy: {@code public.orders.1042}); the unit of ordering
 * @param key          the key columns and their values, when the table's key columns are known (declared, or
 *                     learned from a control record); else empty. For an update that changed the key: the new key
 * @param after        the row after the change, for load, insert and update; null otherwise. Columns named in
 *                     {@code unchanged} are absent
 * @param before       the old values PostgreSQL sent: for an update, the before image (only when there was one);
 *                     for a delete, what the record has of the deleted row; null when there are none
 * @param unchanged    columns whose value did not change and was not sent (PostgreSQL does not send an unchanged
 *                     TOASTed value): keep the value you have. Empty in DMS mode, which cannot tell
 * @param position     where the change sits, for de-duplication and ordering; null when the record has none
 *                     (a DMS full-load record)
 * @param transactionId the PostgreSQL transaction id; null when the record has none
 * @param commitTime   when the transaction committed; null when the record does not say
 * @param columns      for a schema change whose record lists them (the worker's column changes and table renames):
 *                     the table's column names after the change, in table order; else empty
 * @param previousTable for a table rename whose record names the old table: {@code schema.table} before the
 *                     rename; else null
 */
public record Change(
        Operation operation,
        String detail,
        String schema,
        String table,
        String partitionKey,
        Map<String, JsonNode> key,
        Map<String, JsonNode> after,
        Map<String, JsonNode> before,
        Set<String> unchanged,
        Position position,
        Long transactionId,
        Instant commitTime,
        List<String> columns,
        String previousTable) {

    /** A change without a column list: every row change, and schema changes whose record lists no columns. */
    public Change(Operation operation, String detail, String schema, String table, String partitionKey,
            Map<String, JsonNode> key, Map<String, JsonNode> after, Map<String, JsonNode> before,
            Set<String> unchanged, Position position, Long transactionId, Instant commitTime) {
        this(operation, detail, schema, table, partitionKey, key, after, before, unchanged, position, transactionId,
                commitTime, List.of(), null);
    }

    public Change {
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(table, "table");
        key = frozen(key == null ? Map.of() : key);
        after = after == null ? null : frozen(after);
        before = before == null ? null : frozen(before);
        unchanged = Collections.unmodifiableSet(new LinkedHashSet<>(unchanged == null ? Set.of() : unchanged));
        columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** {@code schema.table}. */
    public String qualifiedTable() {
        return schema + "." + table;
    }

    /** The row's values after the change: {@link #after()}, or for a delete the old values. */
    public Map<String, JsonNode> row() {
        return after != null ? after : before;
    }

    private static Map<String, JsonNode> frozen(Map<String, JsonNode> values) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    @Override
    public String toString() {
        return operation + " " + qualifiedTable() + (key.isEmpty() ? "" : " key " + key)
                + (position == null ? "" : " at " + position)
                + (after == null ? "" : " after " + after) + (before == null ? "" : " before " + before)
                + (unchanged.isEmpty() ? "" : " unchanged " + unchanged)
                + (previousTable == null ? "" : " renamed from " + previousTable)
                + (columns.isEmpty() ? "" : " columns " + columns);
    }
}
