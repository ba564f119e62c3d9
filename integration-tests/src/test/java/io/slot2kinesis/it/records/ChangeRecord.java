package io.slot2kinesis.it.records;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.postgresql.replication.LogSequenceNumber;
import software.amazon.awssdk.services.kinesis.model.Record;

/** One Kinesis record in the DMS envelope, with the accessors the scenarios check. */
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

    public JsonNode data() {
        return json.path("data");
    }

    public String operation() {
        return metadata().path("operation").asText();
    }

    public String recordType() {
        return metadata().path("record-type").asText();
    }

    public String table() {
        return metadata().path("table-name").asText();
    }

    public String key() {
        return metadata().path("partition-key-value").asText(partitionKey);
    }

    /** The commit LSN (the worker's) or, for DMS, the transaction id. */
    public String transaction() {
        JsonNode lsn = metadata().get("commit-lsn");
        return lsn != null ? lsn.asText() : "xid:" + metadata().path("transaction-id").asText();
    }

    /** 1-based position in the transaction; 0 for a control record about the table's columns. */
    public int transactionRecordId() {
        return metadata().path("transaction-record-id").asInt(0);
    }

    /** Identifies a change: the same position delivered twice is a duplicate. */
    public String position() {
        return transaction() + "#" + transactionRecordId() + (transactionRecordId() == 0 ? "#" + operation() : "");
    }

    public LogSequenceNumber commitLsn() {
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
