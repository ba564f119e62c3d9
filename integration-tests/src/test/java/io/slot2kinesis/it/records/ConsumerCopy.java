package io.slot2kinesis.it.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.slot2kinesis.consumer.Change;
import io.slot2kinesis.consumer.ChangeFeed;
import io.slot2kinesis.consumer.ChangeParser;
import io.slot2kinesis.consumer.DuplicateFilter;
import io.slot2kinesis.consumer.KeyColumns;
import io.slot2kinesis.consumer.Operation;
import io.slot2kinesis.consumer.StreamRecord;
import io.slot2kinesis.consumer.TableRebuild;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.StreamFeed;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The scenario's tables as a user's consumer rebuilds them, with the {@code consumer} library: every record through
 * one {@link ChangeFeed} ({@link ChangeParser}, {@link DuplicateFilter}) into a {@link TableRebuild}, whichever mode
 * and format wrote the stream. Keyless (insert-only) tables are kept as bags of rows. {@link #database} reads the
 * same shape from PostgreSQL, values as text, so the two compare with {@code equals}.
 *
 * <p>Tables are named as the scenarios name them (in schema {@code public}). Feed it the growing list a
 * {@code StreamFeed} returns: each call hands over only the records not fed yet, in the order read, which is shard
 * order within each shard.
 */
public final class ConsumerCopy {
    private static final String SCHEMA = "public";

    private final Map<String, String> keyColumns;
    private final Set<String> keyless;
    private final TableRebuild rebuild;
    private final Map<String, Map<String, Integer>> bags = new TreeMap<>();
    private final ChangeFeed feed;
    private final Map<ChangeFeed.Outcome, Integer> outcomes = new EnumMap<>(ChangeFeed.Outcome.class);
    private int fed;

    /**
     * @param keyColumns each keyed table with its (single) primary-key column
     * @param keyless    tables without a key, compared as bags of rows
     */
    public ConsumerCopy(Map<String, String> keyColumns, Set<String> keyless) {
        this.keyColumns = new TreeMap<>(keyColumns);
        this.keyless = Set.copyOf(keyless);
        KeyColumns keys = new KeyColumns();
        keyColumns.forEach((table, column) -> keys.declare(SCHEMA + "." + table, column));
        this.rebuild = new TableRebuild(keys);
        keyless.forEach(table -> bags.put(table, new TreeMap<>()));
        this.feed = new ChangeFeed(new ChangeParser(keys, "before-image"), new DuplicateFilter(), this::handle);
    }

    private void handle(Change change) {
        Map<String, Integer> bag = bags.get(change.table());
        if (bag == null) {
            rebuild.handle(change);
        } else if (change.operation() == Operation.TRUNCATE) {
            bag.clear();
        } else if (change.operation() == Operation.INSERT || change.operation() == Operation.LOAD) {
            bag.merge(text(change.after()).toString(), 1, Integer::sum);
        } else if (change.operation() != Operation.SCHEMA_CHANGE) {
            throw new AssertionError("a keyless table's change that is neither insert nor load: " + change);
        }
    }

    /** Feeds the records of {@code arrived} not fed yet. */
    public ConsumerCopy feed(List<ChangeRecord> arrived) {
        for (; fed < arrived.size(); fed++) {
            ChangeRecord record = arrived.get(fed);
            byte[] data;
            try {
                data = ChangeRecord.JSON.writeValueAsBytes(record.json());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            try {
                outcomes.merge(feed.accept(new StreamRecord(record.shardId(), record.sequenceNumber(),
                        record.partitionKey(), data)), 1, Integer::sum);
            } catch (Exception e) {
                throw new AssertionError("the consumer library cannot take record " + record + ": " + e, e);
            }
        }
        return this;
    }

    /** Per table: keyed tables by key (rows of column to text), keyless ones as bags (row text to count). */
    public Map<String, Object> tables() {
        Map<String, Object> tables = new TreeMap<>();
        keyColumns.keySet().forEach(table -> {
            Map<String, Map<String, String>> rows = new TreeMap<>();
            rebuild.rows(SCHEMA + "." + table).forEach((key, row) -> rows.put(String.join(",", key), text(row)));
            tables.put(table, rows);
        });
        bags.forEach((table, bag) -> tables.put(table, new TreeMap<>(bag)));
        return tables;
    }

    /** How many records were handed over, and how many dropped as redelivered, duplicate or before a truncate. */
    public String summary() {
        return fed + " record(s) fed: " + outcomes + (rebuild.skipped().isEmpty() ? ""
                : ", " + rebuild.skipped().size() + " skipped change(s)");
    }

    /** How many records had each outcome so far. */
    public Map<ChangeFeed.Outcome, Integer> outcomes() {
        return Map.copyOf(outcomes);
    }

    /** The database's rows in the shape of {@link #tables()}. */
    public Map<String, Object> database(Scenario scenario) throws SQLException {
        Map<String, Object> tables = new TreeMap<>();
        for (Map.Entry<String, String> table : keyColumns.entrySet()) {
            Map<String, Map<String, String>> rows = new TreeMap<>();
            for (Map<String, String> row : rows(scenario, table.getKey())) {
                rows.put(row.get(table.getValue()), row);
            }
            tables.put(table.getKey(), rows);
        }
        for (String table : keyless) {
            Map<String, Integer> bag = new TreeMap<>();
            for (Map<String, String> row : rows(scenario, table)) {
                bag.merge(row.toString(), 1, Integer::sum);
            }
            tables.put(table, bag);
        }
        return tables;
    }

    private static List<Map<String, String>> rows(Scenario scenario, String table) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (Connection connection = scenario.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT * FROM " + SCHEMA + "." + table)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                Map<String, String> row = new TreeMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    row.put(meta.getColumnName(i), result.getString(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static Map<String, String> text(Map<String, JsonNode> row) {
        Map<String, String> text = new TreeMap<>();
        row.forEach((column, value) -> text.put(column, value == null || value.isNull() ? null
                : TableRebuild.text(value)));
        return text;
    }

    /**
     * Reads the scenario's stream from its start with a fresh consumer until the rebuilt tables equal the
     * database's (read once, at the call: the workload must have stopped), and fails naming the differences if they
     * do not within {@code timeout}.
     */
    public static ConsumerCopy verifyMatchesDatabase(Scenario scenario, Map<String, String> keyColumns,
            Set<String> keyless, Duration timeout) throws SQLException, InterruptedException {
        ConsumerCopy copy = new ConsumerCopy(keyColumns, keyless);
        Map<String, Object> expected = copy.database(scenario);
        StreamFeed feed = scenario.feed();
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> rebuilt = copy.feed(feed.poll()).tables();
        while (!rebuilt.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            rebuilt = copy.feed(feed.poll()).tables();
        }
        String difference = difference(rebuilt, expected);
        if (!difference.isEmpty()) {
            throw new AssertionError("tables rebuilt by the consumer library (" + copy.summary() + ") differ from the"
                    + " database after " + timeout + ":\n" + difference + scenario.diagnostics());
        }
        return copy;
    }

    /** Per table: how many rows each side has and the first keys that differ. Empty when equal. */
    public static String difference(Map<String, Object> rebuilt, Map<String, Object> expected) {
        StringBuilder text = new StringBuilder();
        for (String table : expected.keySet()) {
            Map<?, ?> ours = (Map<?, ?>) rebuilt.get(table);
            Map<?, ?> theirs = (Map<?, ?>) expected.get(table);
            if (!theirs.equals(ours)) {
                Map<Object, String> diff = new HashMap<>();
                for (Object key : theirs.keySet()) {
                    if (ours == null || !theirs.get(key).equals(ours.get(key))) {
                        diff.put(key, "database " + theirs.get(key) + ", stream " + (ours == null ? null
                                : ours.get(key)));
                    }
                }
                if (ours != null) {
                    for (Object key : ours.keySet()) {
                        if (!theirs.containsKey(key)) {
                            diff.put(key, "only in the stream: " + ours.get(key));
                        }
                    }
                }
                text.append(table).append(": database ").append(theirs.size()).append(" rows, stream ")
                        .append(ours == null ? 0 : ours.size()).append("; ").append(diff.size())
                        .append(" differ, e.g. ").append(diff.entrySet().stream().limit(5).toList()).append('\n');
            }
        }
        return text.toString();
    }
}
