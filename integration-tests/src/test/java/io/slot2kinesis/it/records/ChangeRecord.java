package io.slot2kinesis.it.records;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.postgresql.replication.LogSequenceNumber;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * One Kinesis record, with the accessors the scenarios check: in the DMS envelope, or in the Debezium one
 * ({@code S2K_FORMAT=debezium}), whose {@code op} is reported by the DMS operation name.
 */
public record ChangeRecord(JsonNode json, String shardId, String sequenceNumber, String partitionKey) {
    /** Decimal numbers stay exact, so a value is compared digit for digit. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    public static ChangeRecord parse(Record record, String shardId) {
        String text = record.data().asString(StandardCharsets.UTF_8);
        try {
            return new ChangeRecord(JSON.readTree(text), shardId, record.sequenceNumber(), record.partitionKey());
        } catch (IOException e) {
            throw new UncheckedIOException("record " + record.sequenceNumber() + " of shard " + shardId
                    + " is not JSON: " + abbreviate(text), e);
        }
    }

    public JsonNode metadata() {
        return json.path("metadata");
    }

    /** The row: DMS {@code data}; Debezium {@code after}, or {@code before} for a delete. */
    public JsonNode data() {
        if (debezium()) {
            JsonNode after = json.path("after");
            return after.isObject() ? after : json.path("before");
        }
        return json.path("data");
    }

    /** A record in the Debezium envelope ({@code before}, {@code after}, {@code source}, {@code op}). */
    public boolean debezium() {
        return json.has("op") && json.has("source");
    }

    /** {@code insert}, {@code update}, {@code delete}, {@code load}, {@code truncate-table}, ... in both formats. */
    public String operation() {
        if (debezium()) {
            String op = json.path("op").asText();
            return switch (op) {
                case "c" -> "insert";
                case "u" -> "update";
                case "d" -> "delete";
                case "r" -> "load";
                case "t" -> "truncate-table";
                default -> op;
            };
        }
        return metadata().path("operation").asText();
    }

    public String recordType() {
        return metadata().path("record-type").asText();
    }

    public String table() {
        return debezium() ? json.path("source").path("table").asText() : metadata().path("table-name").asText();
    }

    public String key() {
        return metadata().path("partition-key-value").asText(partitionKey);
    }

    /** The commit LSN (the worker's) or, for DMS, the transaction id. */
    public String transaction() {
        if (debezium()) {
            LogSequenceNumber lsn = commitLsn();
            return lsn != null ? lsn.asString() : "xid:" + json.path("source").path("txId").asText();
        }
        JsonNode lsn = metadata().get("commit-lsn");
        return lsn != null ? lsn.asText() : "xid:" + metadata().path("transaction-id").asText();
    }

    /**
     * 1-based position in the transaction. A worker's schema-change control record carries the number of the change
     * that follows it (0 from a worker before that rule, and from DMS).
     */
    public int transactionRecordId() {
        if (debezium()) {
            return json.path("source").path("position").asInt(0);
        }
        return metadata().path("transaction-record-id").asInt(0);
    }

    /**
     * Identifies a change: the same position delivered twice is a duplicate. A control record shares its number with
     * the change it precedes, so its operation and table are part of its identity.
     */
    public String position() {
        return transaction() + "#" + transactionRecordId()
                + ("control".equals(recordType()) ? "#" + operation() + ":" + table() : "");
    }

    public LogSequenceNumber commitLsn() {
        if (debezium()) {
            JsonNode commit = json.path("source").get("commit_lsn");
            return commit == null || !commit.isNumber() ? null : LogSequenceNumber.valueOf(commit.asLong());
        }
        JsonNode lsn = metadata().get("commit-lsn");
        return lsn == null ? null : LogSequenceNumber.valueOf(lsn.asText());
    }

    /** An integer column of {@code data}, for rows keyed by an int. */
    public int intValue(String column) {
        return data().path(column).asInt();
    }

    @Override
    public String toString() {
        return abbreviate(json.toString());
    }

    static String abbreviate(String text) {
        return text.length() <= 600 ? text : text.substring(0, 600) + "... (" + text.length() + " chars)";
    }
}
