package io.slot2kinesis.format;

import static io.slot2kinesis.format.Fixtures.CLOCK;
import static io.slot2kinesis.format.Fixtures.ORDERS;
import static io.slot2kinesis.format.Fixtures.change;
import static io.slot2kinesis.format.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slot2kinesis.change.ChangeEvent;
import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableId;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.mapping.ObjectLocator;
import io.slot2kinesis.mapping.PartitionKeyPolicies;
import io.slot2kinesis.mapping.PartitionKeyPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DmsFormatTest {
    private final DmsFormat format = new DmsFormat(CLOCK, PartitionKeyPolicies.defaults());

    private static final String METADATA = """
            "timestamp": "2026-11-23T10:00:00.123456Z", "schema-name": "public", "table-name": "orders",
            "transaction-id": 7631, "transaction-record-id": 1,
            "commit-timestamp": "2026-11-23T10:00:00.120001Z", "commit-lsn": "0/16B3748\"""";

    private void assertRecord(EncodedRecord record, String partitionKey, String expectedJson) {
        assertThat(record.partitionKey()).isEqualTo(partitionKey);
        assertThat(tree(record.data())).isEqualTo(tree(expectedJson));
    }

    @Test
    void numbersTheLoadRowsOfATablePastTwoBillionWithoutOverflow() {
        long position = 3_000_000_000L;
        EncodedRecord record = format.encode(new ChangeEvent(Operation.LOAD, ORDERS, null,
                Row.of("1", "new", "0", "x"), Fixtures.TX, position, Fixtures.CHANGE_LSN));

        assertThat(tree(record.data()).path("metadata").path("transaction-record-id").asLong()).isEqualTo(position);
    }

    @Test
    void insertCarriesTheNewRowAndTransactionDetails() {
        EncodedRecord record = format.encode(change(Operation.INSERT, ORDERS, null,
                Row.of("1042", "paid", "19.90", null)));

        assertRecord(record, "public.orders.1042", """
                {"data": {"id": 1042, "status": "paid", "total": "19.90", "note": null},
                 "metadata": {"record-type": "data", "operation": "insert", "partition-key-type": "primary-key",
                   "partition-key-value": "public.orders.1042", %s}}""".formatted(METADATA));
    }

    @Test
    void loadIsADataRecordWithOperationLoad() {
        EncodedRecord record = format.encode(change(Operation.LOAD, ORDERS, null, Row.of("1", "new", "0", "x")));

        assertThat(tree(record.data()).at("/metadata/operation").asText()).isEqualTo("load");
    }

    @Test
    void anUpdateOfTheKeyIsADeleteUnderTheOldKeyNamingTheNewOneThenAnInsertNamingTheOld() {
        Row oldKey = Row.of("1041", null, null, null);
        Row newRow = Row.of("1042", "paid", "19.90", "n");
        EncodedRecord delete = format.encode(new ChangeEvent(Operation.DELETE, ORDERS, oldKey, null, Fixtures.TX, 1,
                Fixtures.CHANGE_LSN, newRow));
        EncodedRecord insert = format.encode(new ChangeEvent(Operation.INSERT, ORDERS, null, newRow, Fixtures.TX, 2,
                Fixtures.CHANGE_LSN, oldKey));

        assertRecord(delete, "public.orders.1041", """
                {"data": {"id": 1041},
                 "metadata": {"record-type": "data", "operation": "delete", "partition-key-type": "primary-key",
                   "partition-key-value": "public.orders.1041", "new-key": {"id": 1042}, %s}}""".formatted(METADATA));
        assertRecord(insert, "public.orders.1042", """
                {"data": {"id": 1042, "status": "paid", "total": "19.90", "note": "n"},
                 "metadata": {"record-type": "data", "operation": "insert", "partition-key-type": "primary-key",
                   "partition-key-value": "public.orders.1042", "old-key": {"id": 1041}, %s}}"""
                .formatted(METADATA.replace("\"transaction-record-id\": 1", "\"transaction-record-id\": 2")));
    }

    @Test
    void updateWithChangedKeyCarriesTheOldKeyAsBeforeImage() {
        EncodedRecord record = format.encode(change(Operation.UPDATE, ORDERS,
                Row.of("1041", null, null, null), Row.of("1042", "paid", "19.90", "n")));

        assertRecord(record, "public.orders.1042", """
                {"data": {"id": 1042, "status": "paid", "total": "19.90", "note": "n"},
                 "before-image": {"id": 1041},
                 "metadata": {"record-type": "data", "operation": "update", "partition-key-type": "primary-key",
                   "partition-key-value": "public.orders.1042", %s}}""".formatted(METADATA));
    }

    @Test
    void updateUnderReplicaIdentityFullCarriesTheWholeOldRow() {
        TableSchema full = new TableSchema(ORDERS.oid(), ORDERS.id(), ReplicaIdentity.FULL, ORDERS.columns());
        EncodedRecord record = format.encode(change(Operation.UPDATE, full,
                Row.of("1042", "new", "19.90", null), Row.of("1042", "paid", "19.90", null)));

        assertThat(tree(record.data()).get("before-image")).isEqualTo(tree("""
                {"id": 1042, "status": "new", "total": "19.90", "note": null}"""));
    }

    @Test
    void updateWithoutOldValuesHasNoBeforeImage() {
        EncodedRecord record = format.encode(change(Operation.UPDATE, ORDERS, null, Row.of("1", "a", "1", null)));

        assertThat(tree(record.data()).has("before-image")).isFalse();
    }

    @Test
    void deleteCarriesTheOldKeyInData() {
        EncodedRecord record = format.encode(change(Operation.DELETE, ORDERS, Row.of("1042", null, null, null), null));

        assertRecord(record, "public.orders.1042", """
                {"data": {"id": 1042},
                 "metadata": {"record-type": "data", "operation": "delete", "partition-key-type": "primary-key",
                   "partition-key-value": "public.orders.1042", %s}}""".formatted(METADATA));
    }

    @Test
    void unchangedToastIsLeftOutAndListedNeverNull() {
        EncodedRecord record = format.encode(change(Operation.UPDATE, ORDERS, null,
                Row.of("1042", "paid", "19.90", Row.unchanged())));

        var json = tree(record.data());
        assertThat(json.get("data").has("note")).isFalse();
        assertThat(json.at("/metadata/unchanged-columns")).isEqualTo(tree("[\"note\"]"));
    }

    @Test
    void nullIsWrittenAsNullAndNoUnchangedColumnsAreListed() {
        EncodedRecord record = format.encode(change(Operation.INSERT, ORDERS, null, Row.of("1", "a", "1", null)));

        var json = tree(record.data());
        assertThat(json.get("data").get("note").isNull()).isTrue();
        assertThat(json.get("metadata").has("unchanged-columns")).isFalse();
    }

    @Test
    void truncateIsAControlRecordKeyedBySchemaTable() {
        EncodedRecord record = format.encode(change(Operation.TRUNCATE, ORDERS, null, null));

        assertRecord(record, "public.orders", """
                {"metadata": {"record-type": "control", "operation": "truncate-table",
                   "partition-key-type": "schema-table", %s}}""".formatted(METADATA));
    }

    @Test
    void honoursTheMappingsPartitionKeyPolicy() {
        var policies = new PartitionKeyPolicies(List.of(new PartitionKeyPolicies.Entry(
                new ObjectLocator("public", "orders"), PartitionKeyPolicy.SCHEMA_TABLE)));
        EncodedRecord record = new DmsFormat(CLOCK, policies).encode(change(Operation.INSERT, ORDERS, null,
                Row.of("1", "a", "1", null)));

        assertThat(record.partitionKey()).isEqualTo("public.orders");
        var metadata = tree(record.data()).get("metadata");
        assertThat(metadata.get("partition-key-type").asText()).isEqualTo("schema-table");
        assertThat(metadata.has("partition-key-value")).isFalse();
    }

    @Test
    void oversizeMarkerNamesTableKeyPositionAndSizes() {
        ChangeEvent change = change(Operation.INSERT, ORDERS, null, Row.of("1042", "paid", "19.90", "huge"));
        EncodedRecord marker = format.oversizeMarker(change, "public.orders.1042", 2_000_000, 1_048_576);

        assertRecord(marker, "public.orders.1042", """
                {"data": {"id": 1042},
                 "metadata": {"record-type": "control", "operation": "oversize-skipped",
                   "partition-key-type": "primary-key", "partition-key-value": "public.orders.1042", %s,
                   "original-operation": "insert", "record-size": 2000000, "record-size-limit": 1048576}}"""
                .formatted(METADATA));
        assertThat(marker.data().length).isLessThan(1024);
    }

    @Test
    void addedColumnBecomesAnAddColumnControlRecord() {
        List<Column> columns = new ArrayList<>(ORDERS.columns());
        columns.add(new Column("paid_at", 1184, "timestamptz", -1, false));
        TableSchema after = new TableSchema(ORDERS.oid(), ORDERS.id(), ORDERS.replicaIdentity(), columns);

        EncodedRecord record = format.relationChanged(ORDERS, after, Fixtures.TX, 3).orElseThrow();

        // Numbered as the change that follows it (#3), so two schema changes in one transaction never share a pair.
        assertRecord(record, "public.orders", """
                {"data": {"columns": [
                   {"name": "id", "type": "int4", "key": true}, {"name": "status", "type": "text", "key": false},
                   {"name": "total", "type": "numeric", "key": false}, {"name": "note", "type": "text", "key": false},
                   {"name": "paid_at", "type": "timestamptz", "key": false}]},
                 "metadata": {"timestamp": "2026-11-23T10:00:00.123456Z", "record-type": "control",
                   "operation": "add-column", "partition-key-type": "schema-table", "schema-name": "public",
                   "table-name": "orders", "transaction-id": 7631, "transaction-record-id": 3,
                   "commit-timestamp": "2026-11-23T10:00:00.120001Z", "commit-lsn": "0/16B3748"}}""");
    }

    @Test
    void namesOtherColumnChangesAsDmsDoes() {
        List<Column> c = ORDERS.columns();
        assertThat(operation(List.of(c.get(0), c.get(1), c.get(2)))).isEqualTo("drop-column");
        assertThat(operation(List.of(c.get(0), c.get(1), c.get(2), new Column("memo", 25, "text", -1, false))))
                .isEqualTo("rename-column");
        assertThat(operation(List.of(c.get(0), c.get(1), new Column("total", 701, "float8", -1, false), c.get(3))))
                .isEqualTo("column-type-change");
        assertThat(operation(List.of(c.get(1), c.get(0), c.get(2), c.get(3)))).isEqualTo("change-columns");
        TableSchema renamed = new TableSchema(ORDERS.oid(), new TableId("public", "purchases"),
                ORDERS.replicaIdentity(), c);
        assertThat(tree(format.relationChanged(ORDERS, renamed, null, 1).orElseThrow().data())
                .at("/metadata/operation").asText()).isEqualTo("rename-table");
    }

    @Test
    void aRenameTableRecordNamesTheTableBeforeAndAfter() {
        TableSchema renamed = new TableSchema(ORDERS.oid(), new TableId("sales", "purchases"),
                ORDERS.replicaIdentity(), ORDERS.columns());

        JsonNode metadata = tree(format.relationChanged(ORDERS, renamed, Fixtures.TX, 1).orElseThrow().data())
                .path("metadata");

        assertThat(metadata.path("operation").asText()).isEqualTo("rename-table");
        assertThat(metadata.path("schema-name").asText() + "." + metadata.path("table-name").asText())
                .isEqualTo("sales.purchases");
        assertThat(metadata.path("previous-schema-name").asText() + "." + metadata.path("previous-table-name")
                .asText()).isEqualTo("public.orders");
        List<Column> added = new ArrayList<>(ORDERS.columns());
        added.add(new Column("memo", 25, "text", -1, false));
        assertThat(tree(format.relationChanged(ORDERS, new TableSchema(ORDERS.oid(), ORDERS.id(),
                ORDERS.replicaIdentity(), added), Fixtures.TX, 1).orElseThrow().data()).path("metadata")
                .has("previous-table-name")).as("only a rename names a previous table").isFalse();
    }

    @Test
    void identicalColumnsGiveNoControlRecord() {
        TableSchema full = new TableSchema(ORDERS.oid(), ORDERS.id(), ReplicaIdentity.FULL, ORDERS.columns());
        assertThat(format.relationChanged(ORDERS, full, Fixtures.TX, 1)).isEmpty();
    }

    private String operation(List<Column> columns) {
        TableSchema after = new TableSchema(ORDERS.oid(), ORDERS.id(), ORDERS.replicaIdentity(), columns);
        return tree(format.relationChanged(ORDERS, after, Fixtures.TX, 1).orElseThrow().data())
                .at("/metadata/operation").asText();
    }
}
