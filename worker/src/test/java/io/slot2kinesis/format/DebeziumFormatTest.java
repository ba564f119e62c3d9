package io.slot2kinesis.format;

import static io.slot2kinesis.format.Fixtures.CLOCK;
import static io.slot2kinesis.format.Fixtures.ORDERS;
import static io.slot2kinesis.format.Fixtures.change;
import static io.slot2kinesis.format.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.ChangeEvent;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.mapping.PartitionKeyPolicies;
import org.junit.jupiter.api.Test;

class DebeziumFormatTest {
    private final DebeziumFormat format = new DebeziumFormat(CLOCK, PartitionKeyPolicies.defaults(), "shop", "app");

    private static final String SOURCE = """
            "source": {"version": "slot2kinesis-0.1.0", "connector": "postgresql", "name": "shop",
              "ts_ms": 1795428000120, "snapshot": "%s", "db": "app", "schema": "public", "table": "orders",
              "txId": 7631, "lsn": 23803648, "xmin": null, "commit_lsn": 23803720, "position": 1}""";

    private void assertRecord(EncodedRecord record, String partitionKey, String expectedJson) {
        assertThat(record.partitionKey()).isEqualTo(partitionKey);
        assertThat(tree(record.data())).isEqualTo(tree(expectedJson));
    }

    @Test
    void insertIsOpCWithAfterOnly() {
        EncodedRecord record = format.encode(change(Operation.INSERT, ORDERS, null,
                Row.of("1042", "paid", "19.90", null)));

        assertRecord(record, "public.orders.1042", """
                {"before": null, "after": {"id": 1042, "status": "paid", "total": "19.90", "note": null},
                 %s, "op": "c", "ts_ms": 1795428000123, "transaction": null}""".formatted(SOURCE.formatted("false")));
    }

    @Test
    void updateUnderFullIdentityHasBeforeAndAfter() {
        TableSchema full = new TableSchema(ORDERS.oid(), ORDERS.id(), ReplicaIdentity.FULL, ORDERS.columns());
        EncodedRecord record = format.encode(change(Operation.UPDATE, full,
                Row.of("1042", "new", "19.90", null), Row.of("1042", "paid", "19.90", null)));

        assertRecord(record, "public.orders.1042", """
                {"before": {"id": 1042, "status": "new", "total": "19.90", "note": null},
                 "after": {"id": 1042, "status": "paid", "total": "19.90", "note": null},
                 %s, "op": "u", "ts_ms": 1795428000123, "transaction": null}""".formatted(SOURCE.formatted("false")));
    }

    @Test
    void anUpdateOfTheKeyIsADeleteWithTheNewKeyThenACreateWithTheOldKeyAsDebeziumsHeadersSay() {
        Row oldKey = Row.of("1041", null, null, null);
        Row newRow = Row.of("1042", "paid", "19.90", null);
        EncodedRecord delete = format.encode(new ChangeEvent(Operation.DELETE, ORDERS, oldKey, null, Fixtures.TX, 1,
                Fixtures.CHANGE_LSN, newRow));
        EncodedRecord create = format.encode(new ChangeEvent(Operation.INSERT, ORDERS, null, newRow, Fixtures.TX, 2,
                Fixtures.CHANGE_LSN, oldKey));

        assertRecord(delete, "public.orders.1041", """
                {"before": {"id": 1041}, "after": null, %s, "op": "d", "ts_ms": 1795428000123, "transaction": null,
                 "__debezium.newkey": {"id": 1042}}""".formatted(SOURCE.formatted("false")));
        assertRecord(create, "public.orders.1042", """
                {"before": null, "after": {"id": 1042, "status": "paid", "total": "19.90", "note": null},
                 %s, "op": "c", "ts_ms": 1795428000123, "transaction": null, "__debezium.oldkey": {"id": 1041}}"""
                .formatted(SOURCE.formatted("false").replace("\"position\": 1", "\"position\": 2")));
    }

    @Test
    void deleteIsOpDWithTheOldKeyInBefore() {
        EncodedRecord record = format.encode(change(Operation.DELETE, ORDERS, Row.of("1042", null, null, null), null));

        assertRecord(record, "public.orders.1042", """
                {"before": {"id": 1042}, "after": null,
                 %s, "op": "d", "ts_ms": 1795428000123, "transaction": null}""".formatted(SOURCE.formatted("false")));
    }

    @Test
    void truncateIsOpTKeyedBySchemaTable() {
        EncodedRecord record = format.encode(change(Operation.TRUNCATE, ORDERS, null, null));

        assertThat(record.partitionKey()).isEqualTo("public.orders");
        assertThat(tree(record.data()).get("op").asText()).isEqualTo("t");
    }

    @Test
    void loadIsOpRFromASnapshot() {
        var json = tree(format.encode(change(Operation.LOAD, ORDERS, null, Row.of("1", "a", "1", null))).data());

        assertThat(json.get("op").asText()).isEqualTo("r");
        assertThat(json.at("/source/snapshot").asText()).isEqualTo("true");
    }

    @Test
    void unchangedToastUsesDebeziumsPlaceholderNeverNull() {
        var json = tree(format.encode(change(Operation.UPDATE, ORDERS, null,
                Row.of("1042", "paid", "19.90", Row.unchanged()))).data());

        assertThat(json.at("/after/note").asText()).isEqualTo("__debezium_unavailable_value");
    }

    @Test
    void booleansAreRealBooleans() {
        TableSchema flags = Fixtures.table("orders", ReplicaIdentity.DEFAULT,
                new Column("id", 23, "int4", -1, true), new Column("paid", 16, "bool", -1, false));
        var json = tree(format.encode(change(Operation.INSERT, flags, null, Row.of("1", "t"))).data());

        assertThat(json.at("/after/paid").isBoolean()).isTrue();
    }

    @Test
    void partitionKeyIsTheSameAsInTheDmsFormat() {
        var insert = change(Operation.INSERT, ORDERS, null, Row.of("1042", "paid", "19.90", null));
        DmsFormat dms = new DmsFormat(CLOCK, PartitionKeyPolicies.defaults());

        assertThat(format.encode(insert).partitionKey()).isEqualTo(dms.encode(insert).partitionKey());
    }

    @Test
    void oversizeMarkerKeepsTheEnvelopeAndNamesTheSkippedChange() {
        var insert = change(Operation.INSERT, ORDERS, null, Row.of("1042", "paid", "19.90", "huge"));
        EncodedRecord marker = format.oversizeMarker(insert, "public.orders.1042", 2_000_000, 1_048_576);

        assertRecord(marker, "public.orders.1042", """
                {"before": {"id": 1042}, "after": null, %s, "op": "oversize-skipped", "ts_ms": 1795428000123,
                 "oversize": {"op": "c", "key": "public.orders.1042", "size": 2000000, "limit": 1048576}}"""
                .formatted(SOURCE.formatted("false")));
    }

    @Test
    void hasNoControlRecordForColumnChanges() {
        assertThat(format.relationChanged(ORDERS, ORDERS, Fixtures.TX, 1)).isEmpty();
    }
}
