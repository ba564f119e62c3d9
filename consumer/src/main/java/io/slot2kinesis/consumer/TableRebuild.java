package io.slot2kinesis.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Applies changes to in-memory tables keyed by primary key, to compare with the database: what a consumer
 * that keeps a copy ends up with. Feed it through a {@link ChangeFeed}, whose filter drops duplicates and row
 * changes from before a truncate.
 *
 * <ul>
 *   <li>load and insert put the row; update replaces it, moving it when the key changed, and keeps the value
 *       it had for each {@linkplain Change#unchanged() unchanged} column; delete removes it;
 *   <li>truncate removes the rows whose last change is older than the truncate, and keeps those changed after
 *       it that arrived first (they travel on another shard);
 *   <li>a schema change that lists the table's columns ({@link Change#columns()}, the worker's column changes)
 *       reshapes the rows written before it: a column they lack is added as null (PostgreSQL shows null for the
 *       rows an {@code ADD COLUMN} without a default finds), a column no longer listed is removed, a renamed
 *       column keeps its values. A row change that arrives later but was written before the schema change (it
 *       travels on another shard) is reshaped alike. A column added with a non-null {@code DEFAULT} is the
 *       exception: PostgreSQL gives the existing rows the default, which no record carries, so the rebuild
 *       shows null until the row is written again. A table rename moves the rows, and a row change written
 *       under the old name before the rename that arrives later, to the new name;
 *   <li>schema changes without a column list (DMS's records) and skipped changes leave the rows alone; skipped
 *       changes are listed in {@link #skipped()}, as their rows may be stale.
 * </ul>
 *
 * Rows are identified by their key columns' values ({@link KeyColumns}); for a table whose key is not known,
 * by the record's partition key, which cannot follow an update of the key. Not thread-safe: a test tool.
 */
public final class TableRebuild implements ChangeHandler {
    private record StoredRow(Map<String, JsonNode> values, Position position) {
        /** Whether the row was written before {@code change}; a row without a position counts as older. */
        boolean before(Position change) {
            return writtenBefore(position, change);
        }
    }

    /** Whether a change at {@code written} precedes {@code change}; no position counts as older. */
    private static boolean writtenBefore(Position written, Position change) {
        return change != null && (written == null || written.compareTo(change) < 0);
    }

    /**
     * A table's columns from a schema change on: {@code columns} in table order, and for a renamed column the
     * name it had before ({@code renamed}: new name to old name).
     */
    private record Shape(Position position, List<String> columns, Map<String, String> renamed) {
        Map<String, JsonNode> reshape(Map<String, JsonNode> values) {
            Map<String, JsonNode> shaped = new LinkedHashMap<>();
            for (String column : columns) {
                JsonNode value = values.get(renamed.getOrDefault(column, column));
                shaped.put(column, value != null ? value : NullNode.getInstance());
            }
            return shaped;
        }
    }

    /** A table renamed at {@code position}: row changes under the old name written before it belong to {@code to}. */
    private record Rename(String to, Position position) {}

    private final KeyColumns keys;
    private final Map<String, Map<List<String>, StoredRow>> tables = new TreeMap<>();
    private final Map<String, List<Shape>> shapes = new HashMap<>();
    private final Map<String, Rename> renames = new HashMap<>();
    private final List<Change> skipped = new ArrayList<>();

    public TableRebuild(KeyColumns keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public void handle(Change change) {
        if (change.operation() == Operation.SCHEMA_CHANGE) {
            schemaChange(change);
            return;
        }
        String table = tableOf(change);
        Map<List<String>, StoredRow> rows = tables.computeIfAbsent(table, t -> new LinkedHashMap<>());
        switch (change.operation()) {
            case LOAD, INSERT -> rows.put(id(change, change.after()),
                    new StoredRow(reshaped(table, change.after(), change.position()), change.position()));
            case UPDATE -> update(table, rows, change);
            case DELETE -> rows.remove(id(change, change.before()));
            case TRUNCATE -> truncate(rows, change.position());
            case SKIPPED -> skipped.add(change);
            case SCHEMA_CHANGE -> throw new IllegalStateException("handled above");
        }
    }

    /** The table a change belongs to now: its own, or the new name of a table renamed after it was written. */
    private String tableOf(Change change) {
        String table = change.qualifiedTable();
        for (Rename rename = renames.get(table); rename != null && change.position() != null
                && change.position().compareTo(rename.position()) < 0; rename = renames.get(table)) {
            table = rename.to();
        }
        return table;
    }

    /** Values written at {@code position}, in the shape of every later schema change already applied. */
    private Map<String, JsonNode> reshaped(String table, Map<String, JsonNode> values, Position position) {
        Map<String, JsonNode> shaped = values;
        for (Shape shape : shapes.getOrDefault(table, List.of())) {
            if (writtenBefore(position, shape.position())) {
                shaped = shape.reshape(shaped);
            }
        }
        return shaped;
    }

    private void schemaChange(Change change) {
        if (change.columns().isEmpty()) {
            return; // nothing says what the table looks like now
        }
        String table = change.qualifiedTable();
        Map<List<String>, StoredRow> rows = tables.computeIfAbsent(table, t -> new LinkedHashMap<>());
        List<Shape> history = shapes.computeIfAbsent(table, t -> new ArrayList<>());
        String previous = change.previousTable();
        if (previous != null && !previous.equals(table)) {
            // The new name's rows were written after the rename (they arrived first): they win over the old ones.
            Map<List<String>, StoredRow> old = tables.remove(previous);
            if (old != null) {
                old.forEach(rows::putIfAbsent);
            }
            List<Shape> oldHistory = shapes.remove(previous);
            if (oldHistory != null) {
                history.addAll(0, oldHistory);
            }
            if (change.position() != null) {
                renames.put(previous, new Rename(table, change.position()));
            }
        }
        Shape shape = new Shape(change.position(), change.columns(), renamed(change, history, rows.values()));
        rows.replaceAll((id, row) -> row.before(shape.position()) || shape.position() == null
                ? new StoredRow(shape.reshape(row.values()), row.position()) : row);
        if (shape.position() != null) {
            history.add(shape);
        }
    }

    /**
     * For a {@code rename-column}, which names only the columns after it: the old name of each renamed column, by
     * position in the column list before (the last one known, or a complete row's). Empty when neither is known:
     * then the renamed column's values are lost, as for a drop and add.
     */
    private static Map<String, String> renamed(Change change, List<Shape> history, Iterable<StoredRow> rows) {
        if (!"rename-column".equals(change.detail())) {
            return Map.of();
        }
        List<String> after = change.columns();
        List<String> before = history.isEmpty() ? null : history.getLast().columns();
        for (Iterator<StoredRow> it = rows.iterator(); before == null && it.hasNext(); ) {
            StoredRow row = it.next();
            if (row.before(change.position()) && row.values().size() == after.size()) {
                before = List.copyOf(row.values().keySet());
            }
        }
        if (before == null || before.size() != after.size()) {
            return Map.of();
        }
        Map<String, String> renamed = new HashMap<>();
        for (int i = 0; i < after.size(); i++) {
            if (!after.get(i).equals(before.get(i))) {
                renamed.put(after.get(i), before.get(i));
            }
        }
        return renamed;
    }

    private void update(String table, Map<List<String>, StoredRow> rows, Change change) {
        List<String> id = id(change, change.after());
        List<String> oldId = change.before() == null ? id : idOrNull(change, change.before());
        StoredRow old = oldId != null && !oldId.equals(id) ? rows.remove(oldId) : rows.get(id);
        Map<String, JsonNode> values = new LinkedHashMap<>(reshaped(table, change.after(), change.position()));
        if (old != null) {
            for (String column : change.unchanged()) {
                JsonNode kept = old.values().get(column);
                if (kept != null) {
                    values.put(column, kept);
                }
            }
        }
        rows.put(id, new StoredRow(values, change.position()));
    }

    private static void truncate(Map<List<String>, StoredRow> rows, Position truncate) {
        for (Iterator<StoredRow> it = rows.values().iterator(); it.hasNext(); ) {
            Position position = it.next().position();
            if (truncate == null || position == null || position.compareTo(truncate) < 0) {
                it.remove();
            }
        }
    }

    private List<String> id(Change change, Map<String, JsonNode> row) {
        List<String> id = idOrNull(change, row);
        return id != null ? id : List.of(change.partitionKey());
    }

    private List<String> idOrNull(Change change, Map<String, JsonNode> row) {
        List<String> columns = keys.of(change.qualifiedTable());
        if (columns == null || row == null || !row.keySet().containsAll(columns)) {
            return null;
        }
        List<String> id = new ArrayList<>(columns.size());
        columns.forEach(column -> id.add(text(row.get(column))));
        return id;
    }

    /** A value as text: a string's contents, any other JSON value as written. */
    public static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    public Set<String> tables() {
        return Collections.unmodifiableSet(tables.keySet());
    }

    /** The rows of {@code schema.table}, by key (each key value as {@link #text}). */
    public Map<List<String>, Map<String, JsonNode>> rows(String qualifiedTable) {
        Map<List<String>, Map<String, JsonNode>> rows = new LinkedHashMap<>();
        tables.getOrDefault(qualifiedTable, Map.of()).forEach((id, row) -> rows.put(id, row.values()));
        return rows;
    }

    /** The row with these key values (as {@link #text}), or null. */
    public Map<String, JsonNode> row(String qualifiedTable, String... keyValues) {
        StoredRow row = tables.getOrDefault(qualifiedTable, Map.of()).get(List.of(keyValues));
        return row == null ? null : row.values();
    }

    public List<Change> skipped() {
        return Collections.unmodifiableList(skipped);
    }
}
