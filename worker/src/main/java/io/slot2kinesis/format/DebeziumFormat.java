package io.slot2kinesis.format;

import com.fasterxml.jackson.core.JsonGenerator;
import io.slot2kinesis.change.ChangeEvent;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.change.Transaction;
import io.slot2kinesis.mapping.PartitionKeyPolicies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Objects;

/**
 * The value of a Debezium PostgreSQL change event as the JSON converter writes it with schemas disabled:
 * {@code {before, after, source, op, ts_ms}}. The partition key is the same {@code schema.table.pk} string
 * as in the {@code dms} format, so per-key ordering does not depend on the format.
 *
 * <p>Differences from Debezium's defaults, for consumers moving over: numeric is a string with every digit
 * (Debezium's {@code decimal.handling.mode=string}); dates and times are ISO-8601 strings rather than epoch
 * numbers (close to {@code time.precision.mode=isostring}); interval is PostgreSQL's text. json/jsonb are
 * strings, as in Debezium. An unchanged TOASTed value is Debezium's placeholder {@value #UNAVAILABLE}. Old
 * values under REPLICA IDENTITY DEFAULT hold the key columns only, where Debezium would write the other
 * columns as null. {@code DebeziumDifferentialIT} and the README list every difference found.
 *
 * <p>An UPDATE that changed the row's key is a {@code d} event under the old key with {@value #NEW_KEY} (the new
 * key's columns), then a {@code c} event under the new key with {@value #OLD_KEY}, named after the headers Debezium
 * puts on them; there is no tombstone.
 *
 * <p>{@code source} adds {@code commit_lsn} (the transaction's commit LSN as a number) and
 * {@code position} (1-based index in the transaction): together they identify a change for de-duplication.
 */
public final class DebeziumFormat implements RecordFormat {
    /** Debezium's default {@code unavailable.value.placeholder}. */
    public static final String UNAVAILABLE = "__debezium_unavailable_value";
    /**
     * Debezium's headers on the two events of an UPDATE that changed the key (a delete under the old key, then a
     * create under the new one); Kinesis records have no headers, so they are fields of the value.
     */
    public static final String NEW_KEY = "__debezium.newkey";
    public static final String OLD_KEY = "__debezium.oldkey";
    /** {@code source.version}: says who wrote the record rather than claiming a Debezium release. */
    public static final String SOURCE_VERSION = "slot2kinesis-0.1.0";

    private final Clock clock;
    private final PartitionKeyPolicies policies;
    private final String topicPrefix;
    private final String database;
    private final RowWriter rows = new RowWriter(ValueRenderer.debezium(), UNAVAILABLE);
    private final RecordBuffer buffer = new RecordBuffer();

    /**
     * @param clock       stamps the top-level {@code ts_ms}, the time the record was built
     * @param policies    the partition-key policy of each table
     * @param topicPrefix {@code source.name}, Debezium's {@code topic.prefix}
     * @param database    {@code source.db}, the database the slot belongs to
     */
    public DebeziumFormat(Clock clock, PartitionKeyPolicies policies, String topicPrefix, String database) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.topicPrefix = Objects.requireNonNull(topicPrefix, "topicPrefix");
        this.database = Objects.requireNonNull(database, "database");
    }

    @Override
    public EncodedRecord encode(ChangeEvent change) {
        String key = key(change);
        try {
            JsonGenerator out = buffer.open();
            out.writeStartObject();
            TableSchema table = change.table();
            boolean keyOnly = RowWriter.oldValuesAreKeyOnly(table);
            writeRow(out, "before", table, change.before(), keyOnly);
            writeRow(out, "after", table, change.operation() == Operation.DELETE ? null : change.after(), false);
            writeSource(out, change);
            out.writeStringField("op", op(change.operation()));
            out.writeNumberField("ts_ms", clock.millis());
            out.writeNullField("transaction");
            if (change.keyChange()) {
                out.writeFieldName(change.operation() == Operation.DELETE ? NEW_KEY : OLD_KEY);
                rows.write(out, table, change.otherKey(), true, null);
            }
            out.writeEndObject();
            return new EncodedRecord(key, buffer.close(out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a change of " + change.table().id(), e);
        }
    }

    /**
     * Debezium has no control records; the marker is an event with op {@code oversize-skipped}, the key
     * columns in {@code before}, and an {@code oversize} object with the original op and sizes.
     */
    @Override
    public EncodedRecord oversizeMarker(ChangeEvent change, String partitionKey, int originalSize, int limit) {
        try {
            JsonGenerator out = buffer.open();
            out.writeStartObject();
            TableSchema table = change.table();
            Row row = change.after() != null ? change.after() : change.before();
            writeRow(out, "before", table, table.hasKey() ? row : null, true);
            out.writeNullField("after");
            writeSource(out, change);
            out.writeStringField("op", "oversize-skipped");
            out.writeNumberField("ts_ms", clock.millis());
            out.writeObjectFieldStart("oversize");
            out.writeStringField("op", op(change.operation()));
            out.writeStringField("key", partitionKey);
            out.writeNumberField("size", originalSize);
            out.writeNumberField("limit", limit);
            out.writeEndObject();
            out.writeEndObject();
            return new EncodedRecord(partitionKey, buffer.close(out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode an oversize marker for " + change.table().id(), e);
        }
    }

    private String key(ChangeEvent change) {
        var policy = policies.forTable(change.table().id());
        return change.operation() == Operation.TRUNCATE
                ? PartitionKeys.forTable(change.table(), policy, change.transaction())
                : PartitionKeys.forChange(change, policy);
    }

    private void writeRow(JsonGenerator out, String field, TableSchema table, Row row, boolean keyOnly)
            throws IOException {
        out.writeFieldName(field);
        if (row == null) {
            out.writeNull();
        } else {
            rows.write(out, table, row, keyOnly, null);
        }
    }

    private void writeSource(JsonGenerator out, ChangeEvent change) throws IOException {
        Transaction transaction = change.transaction();
        out.writeObjectFieldStart("source");
        out.writeStringField("version", SOURCE_VERSION);
        out.writeStringField("connector", "postgresql");
        out.writeStringField("name", topicPrefix);
        if (transaction != null) {
            out.writeNumberField("ts_ms", transaction.commitTime().toEpochMilli());
        } else {
            out.writeNullField("ts_ms");
        }
        out.writeStringField("snapshot", change.operation() == Operation.LOAD ? "true" : "false");
        out.writeStringField("db", database);
        out.writeStringField("schema", change.table().id().schema());
        out.writeStringField("table", change.table().id().name());
        if (transaction != null) {
            out.writeNumberField("txId", transaction.xid());
        } else {
            out.writeNullField("txId");
        }
        if (change.lsn() != null) {
            out.writeNumberField("lsn", change.lsn().asLong());
        } else {
            out.writeNullField("lsn");
        }
        out.writeNullField("xmin");
        if (transaction != null) {
            out.writeNumberField("commit_lsn", transaction.commitLsn().asLong());
        }
        out.writeNumberField("position", change.position());
        out.writeEndObject();
    }

    private static String op(Operation operation) {
        return switch (operation) {
            case LOAD -> "r";
            case INSERT -> "c";
            case UPDATE -> "u";
            case DELETE -> "d";
            case TRUNCATE -> "t";
        };
    }
}
