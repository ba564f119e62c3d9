package io.slot2kinesis.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
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
 *   <li>schema changes and skipped changes leave the rows alone; skipped changes are listed in
 *       {@link #skipped()}, as their rows may be stale.
 * </ul>
 *
 * Rows are identified by their key columns' values ({@link KeyColumns}); for a table whose key is not known,
 * by the record's partition key, which cannot follow an update of the key. Not thread-safe: a test tool.
 */
public final class TableRebuild implements ChangeHandler {
    private record StoredRow(Map<String, JsonNode> values, Position position) {}

    private final KeyColumns keys;
    private final Map<String, Map<List<String>, StoredRow>> tables = new TreeMap<>();
    private final List<Change> skipped = new ArrayList<>();

    public TableRebuild(KeyColumns keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public void handle(Change change) {
        Map<List<String>, StoredRow> rows = tables.computeIfAbsent(change.qualifiedTable(), t -> new LinkedHashMap<>());
        switch (change.operation()) {
            case LOAD, INSERT -> rows.put(id(change, change.after()), new StoredRow(change.after(), change.position()));
            case UPDATE -> update(rows, change);
            case DELETE -> rows.remove(id(change, change.before()));
            case TRUNCATE -> truncate(rows, change.position());
            case SKIPPED -> skipped.add(change);
            case SCHEMA_CHANGE -> { }
        }
    }

    private void update(Map<List<String>, StoredRow> rows, Change change) {
        List<String> id = id(change, change.after());
        List<String> oldId = change.before() == null ? id : idOrNull(change, change.before());
        StoredRow old = oldId != null && !oldId.equals(id) ? rows.remove(oldId) : rows.get(id);
        Map<String, JsonNode> values = new LinkedHashMap<>(change.after());
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
