package io.slot2kinesis.consumer;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The DMS Kinesis envelope, from DMS or from the worker. What each mode puts where:
 *
 * <ul>
 *   <li>{@code data}: the new row (load, insert, update) or the old values of a deleted row. A DMS delete lists
 *       every column, those PostgreSQL did not send as null; the worker's lists the columns it has. When the
 *       key is known and every other column is null, the change's {@code before} is the key alone.
 *   <li>{@code before-image} (the task's {@code BeforeImageSettings.FieldName}): old values of an update. DMS
 *       writes {@code {}} when PostgreSQL sent none; read as no before image.
 *   <li>position: the worker's {@code metadata.commit-lsn}; else the LSN that starts DMS's
 *       {@code metadata.stream-position} ({@code 00000002/7C007178.3.00000002/7C007178}); with
 *       {@code transaction-record-id}. A DMS load record has neither.
 *   <li>{@code metadata.unchanged-columns}: the worker's list of unchanged TOASTed columns left out of data.
 *   <li>control records: {@code truncate-table} (worker), {@code oversize-skipped} (worker), anything else
 *       (DMS's {@code create-table}, {@code drop-table}, the column changes of both) is a schema change. Their
 *       column lists teach the parser the table's key, and become the change's {@code columns}.
 * </ul>
 */
final class DmsEnvelope {
    private final ChangeParser parser;
    private final JsonNode record;
    private final JsonNode metadata;
    private final String partitionKey;

    DmsEnvelope(ChangeParser parser, JsonNode record, String partitionKey) {
        this.parser = parser;
        this.record = record;
        this.metadata = record.get("metadata");
        this.partitionKey = partitionKey;
        if (!metadata.isObject()) {
            throw new IllegalArgumentException("metadata is " + metadata.getNodeType() + ", expected an object");
        }
    }

    Change change() {
        String recordType = ChangeParser.text(metadata, "record-type", "metadata");
        String detail = ChangeParser.text(metadata, "operation", "metadata");
        String schema = ChangeParser.text(metadata, "schema-name", "metadata");
        String table = ChangeParser.text(metadata, "table-name", "metadata");
        String qualified = schema + "." + table;
        Operation operation = switch (recordType) {
            case "data" -> dataOperation(detail);
            case "control" -> controlOperation(detail);
            default -> throw new IllegalArgumentException("metadata.record-type '" + recordType
                    + "' is not supported: expected data or control");
        };
        if (operation == Operation.SCHEMA_CHANGE) {
            learnKey(qualified);
        }
        Map<String, JsonNode> data = ChangeParser.row(record.get("data"), "data");
        Map<String, JsonNode> after = null;
        Map<String, JsonNode> before = null;
        switch (operation) {
            case LOAD, INSERT, UPDATE -> {
                after = data;
                before = ChangeParser.row(record.get(parser.beforeImageField()), parser.beforeImageField());
                if (before != null && before.isEmpty()) {
                    before = null;
                }
            }
            case DELETE -> before = keyOnlyIfRestIsNull(qualified, data);
            case SKIPPED -> before = data;
            case TRUNCATE, SCHEMA_CHANGE -> { }
        }
        Set<String> unchanged = ChangeParser.strings(metadata.get("unchanged-columns"));
        Map<String, JsonNode> key = operation.isRow() || operation == Operation.SKIPPED
                ? parser.key(qualified, after, before) : Map.of();
        Long xid = ChangeParser.number(metadata, "transaction-id");
        return new Change(operation, detail, schema, table, partitionKey(qualified), key, after, before, unchanged,
                position(operation), xid == null || xid == 0 ? null : xid, commitTime(operation),
                operation == Operation.SCHEMA_CHANGE ? columns() : List.of(), previousTable());
    }

    /** The worker's {@code data.columns} of a schema change: the names after it; empty when the record has none. */
    private List<String> columns() {
        JsonNode columns = record.path("data").path("columns");
        List<String> names = new ArrayList<>();
        if (columns.isArray()) {
            columns.forEach(column -> names.add(column.path("name").asText()));
        }
        return names;
    }

    /** The worker's {@code previous-schema-name} and {@code previous-table-name} of a rename-table; else null. */
    private String previousTable() {
        JsonNode schema = metadata.get("previous-schema-name");
        JsonNode table = metadata.get("previous-table-name");
        return schema != null && schema.isTextual() && table != null && table.isTextual()
                ? schema.asText() + "." + table.asText() : null;
    }

    /**
     * DMS fills the columns PostgreSQL did not send for a delete (all but the key, under REPLICA IDENTITY
     * DEFAULT) with null; the worker leaves them out. With the key known and every other column null, keep the
     * key alone, as the worker writes it.
     */
    private Map<String, JsonNode> keyOnlyIfRestIsNull(String qualified, Map<String, JsonNode> data) {
        List<String> key = parser.keys().of(qualified);
        if (data == null || key == null || !data.keySet().containsAll(key)) {
            return data;
        }
        for (Map.Entry<String, JsonNode> column : data.entrySet()) {
            if (!key.contains(column.getKey()) && !column.getValue().isNull()) {
                return data;
            }
        }
        Map<String, JsonNode> keyOnly = new java.util.LinkedHashMap<>();
        key.forEach(column -> keyOnly.put(column, data.get(column)));
        return keyOnly;
    }

    private String partitionKey(String qualified) {
        if (partitionKey != null) {
            return partitionKey;
        }
        JsonNode value = metadata.get("partition-key-value");
        return value != null && value.isTextual() ? value.asText() : qualified;
    }

    private Position position(Operation operation) {
        long recordId = metadata.path("transaction-record-id").asLong(0);
        JsonNode commitLsn = metadata.get("commit-lsn");
        if (commitLsn != null && commitLsn.isTextual()) {
            // The worker numbers a schema change as the change that follows it: it sits just before that change.
            return operation == Operation.SCHEMA_CHANGE && recordId > 0
                    ? Position.justBefore(Position.parseLsn(commitLsn.asText()), recordId)
                    : Position.of(commitLsn.asText(), recordId);
        }
        JsonNode streamPosition = metadata.get("stream-position");
        if (streamPosition != null && streamPosition.isTextual()) {
            return streamPosition(streamPosition.asText(), recordId);
        }
        return null;
    }

    /** The leading LSN of a PostgreSQL source's stream position; null for a position of another shape. */
    static Position streamPosition(String text, long recordId) {
        int dot = text.indexOf('.');
        String lsn = dot < 0 ? text : text.substring(0, dot);
        try {
            return new Position(Position.parseLsn(lsn), recordId);
        } catch (IllegalArgumentException notAnLsn) {
            return null;
        }
    }

    // The worker stamps a load with the load's start; DMS stamps it with nothing. Neither is a commit.
    private Instant commitTime(Operation operation) {
        return operation == Operation.LOAD ? null : ChangeParser.instant(metadata, "commit-timestamp");
    }

    private void learnKey(String qualified) {
        JsonNode columns = record.path("data").path("columns");
        if (columns.isArray()) {
            List<String> key = new ArrayList<>();
            columns.forEach(column -> {
                if (column.path("key").asBoolean(false)) {
                    key.add(column.path("name").asText());
                }
            });
            parser.learnKey(qualified, key);
        }
        JsonNode primaryKey = record.path("control").path("table-def").path("primary-key");
        if (primaryKey.isArray()) {
            parser.learnKey(qualified, new ArrayList<>(ChangeParser.strings(primaryKey)));
        }
    }

    private static Operation dataOperation(String detail) {
        return switch (detail) {
            case "load" -> Operation.LOAD;
            case "insert" -> Operation.INSERT;
            case "update" -> Operation.UPDATE;
            case "delete" -> Operation.DELETE;
            default -> throw new IllegalArgumentException("metadata.operation '" + detail
                    + "' is not a data operation: expected load, insert, update or delete");
        };
    }

    // DMS's documentation spells control operations both as create-table and as TruncateTable.
    private static Operation controlOperation(String detail) {
        return switch (ChangeParser.lowerCase(detail).replace("-", "")) {
            case "truncatetable" -> Operation.TRUNCATE;
            case "oversizeskipped" -> Operation.SKIPPED;
            default -> Operation.SCHEMA_CHANGE;
        };
    }
}
