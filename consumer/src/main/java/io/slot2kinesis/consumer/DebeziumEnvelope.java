package io.slot2kinesis.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The Debezium change-event value (JSON converter, schemas disabled) as the worker writes it with
 * {@code S2K_FORMAT=debezium}, and as Debezium's PostgreSQL connector writes it. {@code op} {@code r}, {@code c},
 * {@code u}, {@code d}, {@code t}, and the worker's {@code oversize-skipped}. A value equal to Debezium's
 * placeholder {@value #UNAVAILABLE} is an unchanged TOASTed value: it is taken out of the row and named in
 * {@link Change#unchanged()}. Position: the worker's {@code source.commit_lsn} and {@code source.position};
 * else Debezium's {@code source.lsn} (the change's own LSN, also monotonic per row).
 */
final class DebeziumEnvelope {
    static final String UNAVAILABLE = "__debezium_unavailable_value";

    private final ChangeParser parser;
    private final JsonNode record;
    private final JsonNode source;
    private final String partitionKey;

    DebeziumEnvelope(ChangeParser parser, JsonNode record, String partitionKey) {
        this.parser = parser;
        this.record = record;
        this.source = record.get("source");
        this.partitionKey = partitionKey;
        if (!source.isObject()) {
            throw new IllegalArgumentException("source is " + source.getNodeType() + ", expected an object");
        }
    }

    Change change() {
        String op = ChangeParser.text(record, "op", "event");
        Operation operation = switch (op) {
            case "r" -> Operation.LOAD;
            case "c" -> Operation.INSERT;
            case "u" -> Operation.UPDATE;
            case "d" -> Operation.DELETE;
            case "t" -> Operation.TRUNCATE;
            case "oversize-skipped" -> Operation.SKIPPED;
            default -> throw new IllegalArgumentException("op '" + op
                    + "' is not supported: expected r, c, u, d, t or oversize-skipped");
        };
        String schema = ChangeParser.text(source, "schema", "source");
        String table = ChangeParser.text(source, "table", "source");
        String qualified = schema + "." + table;
        Set<String> unchanged = new LinkedHashSet<>();
        Map<String, JsonNode> after = withoutPlaceholders(ChangeParser.row(record.get("after"), "after"), unchanged);
        Map<String, JsonNode> before = withoutPlaceholders(ChangeParser.row(record.get("before"), "before"), null);
        if (operation == Operation.DELETE || operation == Operation.TRUNCATE) {
            after = null;
        }
        Map<String, JsonNode> key = operation.isRow() || operation == Operation.SKIPPED
                ? parser.key(qualified, after, before) : Map.of();
        Long xid = ChangeParser.number(source, "txId");
        Long commitMillis = ChangeParser.number(source, "ts_ms");
        return new Change(operation, op, schema, table, partitionKey != null ? partitionKey : qualified, key, after,
                before, unchanged, position(), xid == null || xid == 0 ? null : xid,
                commitMillis == null || operation == Operation.LOAD ? null : Instant.ofEpochMilli(commitMillis));
    }

    private Position position() {
        Long commitLsn = ChangeParser.number(source, "commit_lsn");
        if (commitLsn != null) {
            Long index = ChangeParser.number(source, "position");
            return new Position(commitLsn, index == null ? 0 : index);
        }
        Long lsn = ChangeParser.number(source, "lsn");
        return lsn == null ? null : new Position(lsn, 0);
    }

    private static Map<String, JsonNode> withoutPlaceholders(Map<String, JsonNode> row, Set<String> names) {
        if (row == null) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = row.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> column = it.next();
            if (column.getValue().isTextual() && column.getValue().asText().equals(UNAVAILABLE)) {
                it.remove();
                if (names != null) {
                    names.add(column.getKey());
                }
            }
        }
        return row;
    }
}
