package io.slot2kinesis.format;

import com.fasterxml.jackson.core.JsonGenerator;
import io.slot2kinesis.change.ChangeEvent;
import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableId;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.change.Transaction;
import io.slot2kinesis.config.DmsValues;
import io.slot2kinesis.mapping.PartitionKeyPolicies;
import io.slot2kinesis.mapping.PartitionKeyPolicy;
import io.slot2kinesis.mapping.PartitionKeyType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.postgresql.replication.LogSequenceNumber;
import java.util.Optional;

/**
 * The default format: the JSON envelope AWS DMS writes to Kinesis ({@code data}, {@code before-image},
 * {@code metadata}) with transaction details and partition values on, so a consumer cannot tell which mode
 * wrote a record. Our additions, which DMS consumers ignore:
 *
 * <ul>
 *   <li>{@code metadata.commit-lsn} ({@code 0/16B3748}): with {@code transaction-record-id}, it identifies
 *       a change, so consumers can drop the duplicates a restart replays.
 *   <li>{@code metadata.unchanged-columns}: columns left out of {@code data} because PostgreSQL did not send
 *       their unchanged TOASTed value. They are never written as null, which would erase the value.
 *   <li>An UPDATE that changed the row's key becomes a {@code delete} under the old key, with {@code metadata.new-key}
 *       (the new key's columns), then an {@code insert} under the new key, with {@code metadata.old-key}: as
 *       Debezium does, so the old key's consumers see the row go. Each has its own {@code transaction-record-id}.
 *   <li>TRUNCATE, which DMS does not replicate, becomes a control record with operation
 *       {@code truncate-table}; a too-large change becomes a control record {@code oversize-skipped}.
 *   <li>A schema-change control record ({@code add-column}, {@code rename-table}, ...) carries the
 *       {@code transaction-record-id} of the change that follows it, the first one under the new schema, and sorts
 *       just before that change: its identity is (commit LSN, record id, table), see the README.
 *   <li>A {@code rename-table} control record names the table before the rename in
 *       {@code metadata.previous-schema-name} and {@code metadata.previous-table-name}.
 * </ul>
 *
 * Old values: an update carries {@code before-image} when PostgreSQL sent old values; a delete carries them
 * in {@code data}. Under REPLICA IDENTITY DEFAULT or INDEX these are the key columns only.
 */
public final class DmsFormat implements RecordFormat {
    private final MicrosClock clock;
    private final MicrosClock commitClock;
    private LogSequenceNumber lastCommitLsn;
    private String lastCommitLsnText;
    private final PartitionKeyPolicies policies;
    private final RowWriter rows;
    private final RecordBuffer buffer = new RecordBuffer();

    /**
     * @param clock    stamps {@code metadata.timestamp}, the time the record was built
     * @param policies the partition-key policy of each table, from the mapping's object-mapping rules
     */
    public DmsFormat(Clock clock, PartitionKeyPolicies policies) {
        this(clock, policies, DmsValues.DMS);
    }

    /**
     * @param clock    stamps {@code metadata.timestamp}, the time the record was built
     * @param policies the partition-key policy of each table, from the mapping's object-mapping rules
     * @param values   {@code S2K_DMS_VALUES}: json/jsonb, arrays and bytea as DMS writes them, or richer
     */
    public DmsFormat(Clock clock, PartitionKeyPolicies policies, DmsValues values) {
        this.rows = new RowWriter(switch (Objects.requireNonNull(values, "values")) {
            case DMS -> ValueRenderer.dms();
            case RICH -> ValueRenderer.dmsRich();
        }, null);
        this.clock = new MicrosClock(Objects.requireNonNull(clock, "clock"));
        this.commitClock = new MicrosClock(clock);
        this.policies = Objects.requireNonNull(policies, "policies");
    }

    @Override
    public EncodedRecord encode(ChangeEvent change) {
        PartitionKeyPolicy policy = policies.forTable(change.table().id());
        if (change.operation() == Operation.TRUNCATE) {
            return control(tableLevel(change.table(), change.transaction(), change.position(), "truncate-table"),
                    null, null);
        }
        String key = PartitionKeys.forChange(change, policy);
        try {
            JsonGenerator out = buffer.open();
            out.writeStartObject();
            List<String> unchanged = RowWriter.newNameList();
            TableSchema table = change.table();
            boolean keyOnly = RowWriter.oldValuesAreKeyOnly(table);
            out.writeFieldName("data");
            if (change.operation() == Operation.DELETE) {
                writeRowOrEmpty(out, table, change.before(), keyOnly, unchanged);
            } else {
                writeRowOrEmpty(out, table, change.after(), false, unchanged);
                if (change.before() != null) {
                    out.writeFieldName("before-image");
                    rows.write(out, table, change.before(), keyOnly, null);
                }
            }
            out.writeObjectFieldStart("metadata");
            writeHeader(out, "data", operation(change.operation()), key, policy, table);
            writePosition(out, change.transaction(), change.position());
            if (change.keyChange()) {
                out.writeFieldName(change.operation() == Operation.DELETE ? "new-key" : "old-key");
                rows.write(out, table, change.otherKey(), true, null);
            }
            if (!unchanged.isEmpty()) {
                out.writeArrayFieldStart("unchanged-columns");
                for (String name : unchanged) {
                    out.writeString(name);
                }
                out.writeEndArray();
            }
            out.writeEndObject();
            out.writeEndObject();
            return new EncodedRecord(key, buffer.close(out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a change of " + change.table().id(), e);
        }
    }

    @Override
    public EncodedRecord oversizeMarker(ChangeEvent change, String partitionKey, int originalSize, int limit) {
        PartitionKeyPolicy policy = policies.forTable(change.table().id());
        Row row = change.after() != null ? change.after() : change.before();
        return control(new Control(change.table(), change.transaction(), change.position(), "oversize-skipped",
                partitionKey, policy), row, new Oversize(operation(change.operation()), originalSize, limit));
    }

    @Override
    public Optional<EncodedRecord> relationChanged(TableSchema previous, TableSchema current,
            Transaction transaction, long nextPosition) {
        return SchemaChange.operation(previous, current).map(operation -> control(
                tableLevel(current, transaction, nextPosition, operation).renamedFrom(previous.id()), null, null));
    }

    private Control tableLevel(TableSchema table, Transaction transaction, long position, String operation) {
        PartitionKeyPolicy policy = policies.forTable(table.id());
        String key = PartitionKeys.forTable(table, policy, transaction);
        // Without a row there is no primary key: the record is keyed, and labelled, by schema.table.
        PartitionKeyPolicy shown = policy.type() == PartitionKeyType.PRIMARY_KEY
                || policy.type() == PartitionKeyType.ATTRIBUTE_NAME ? PartitionKeyPolicy.SCHEMA_TABLE : policy;
        return new Control(table, transaction, position, operation, key, shown);
    }

    /**
     * What every control record says: which table, which operation, where in the stream; for a renamed table, its
     * name before ({@code previous} is null otherwise).
     */
    private record Control(TableSchema table, Transaction transaction, long position, String operation, String key,
            PartitionKeyPolicy policy, TableId previous) {
        Control(TableSchema table, Transaction transaction, long position, String operation, String key,
                PartitionKeyPolicy policy) {
            this(table, transaction, position, operation, key, policy, null);
        }

        Control renamedFrom(TableId before) {
            return before.equals(table.id()) ? this
                    : new Control(table, transaction, position, operation, key, policy, before);
        }
    }

    private record Oversize(String operation, int size, int limit) {}

    /**
     * A control record. An oversize marker also carries the key columns of the skipped row in {@code data};
     * a column change carries the new column list.
     */
    private EncodedRecord control(Control control, Row keyRow, Oversize oversize) {
        TableSchema table = control.table();
        try {
            JsonGenerator out = buffer.open();
            out.writeStartObject();
            if (oversize == null && !control.operation().equals("truncate-table")) {
                writeColumns(out, table);
            } else if (oversize != null && keyRow != null && table.hasKey()) {
                out.writeFieldName("data");
                rows.write(out, table, keyRow, true, null);
            }
            out.writeObjectFieldStart("metadata");
            writeHeader(out, "control", control.operation(), control.key(), control.policy(), table);
            writePosition(out, control.transaction(), control.position());
            if (control.previous() != null) {
                out.writeStringField("previous-schema-name", control.previous().schema());
                out.writeStringField("previous-table-name", control.previous().name());
            }
            if (oversize != null) {
                out.writeStringField("original-operation", oversize.operation());
                out.writeNumberField("record-size", oversize.size());
                out.writeNumberField("record-size-limit", oversize.limit());
            }
            out.writeEndObject();
            out.writeEndObject();
            return new EncodedRecord(control.key(), buffer.close(out));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a control record for " + table.id(), e);
        }
    }

    private void writeColumns(JsonGenerator out, TableSchema table) throws IOException {
        out.writeObjectFieldStart("data");
        out.writeArrayFieldStart("columns");
        for (Column column : table.columns()) {
            out.writeStartObject();
            out.writeStringField("name", column.name());
            out.writeStringField("type", column.typeName());
            out.writeBooleanField("key", column.key());
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    private void writeRowOrEmpty(JsonGenerator out, TableSchema table, Row row, boolean keyOnly,
            List<String> unchanged) throws IOException {
        if (row == null) {
            out.writeStartObject();
            out.writeEndObject();
        } else {
            rows.write(out, table, row, keyOnly, unchanged);
        }
    }

    private void writeHeader(JsonGenerator out, String recordType, String operation, String key,
            PartitionKeyPolicy policy, TableSchema table) throws IOException {
        out.writeStringField("timestamp", clock.now());
        out.writeStringField("record-type", recordType);
        out.writeStringField("operation", operation);
        out.writeStringField("partition-key-type", policy.type().jsonName());
        // DMS shows the partition value for every type except schema-table.
        if (policy.type() != PartitionKeyType.SCHEMA_TABLE) {
            out.writeStringField("partition-key-value", key);
        }
        out.writeStringField("schema-name", table.id().schema());
        out.writeStringField("table-name", table.id().name());
    }

    private void writePosition(JsonGenerator out, Transaction transaction, long position)
            throws IOException {
        if (transaction != null) {
            out.writeNumberField("transaction-id", transaction.xid());
            if (position > 0) {
                out.writeNumberField("transaction-record-id", position);
            }
            out.writeStringField("commit-timestamp", commitClock.format(transaction.commitTime()));
            if (transaction.commitLsn() != lastCommitLsn) {
                lastCommitLsn = transaction.commitLsn();
                lastCommitLsnText = lastCommitLsn.asString();
            }
            out.writeStringField("commit-lsn", lastCommitLsnText);
        }
    }

    private static String operation(Operation operation) {
        return switch (operation) {
            case LOAD -> "load";
            case INSERT -> "insert";
            case UPDATE -> "update";
            case DELETE -> "delete";
            case TRUNCATE -> "truncate-table";
        };
    }
}
