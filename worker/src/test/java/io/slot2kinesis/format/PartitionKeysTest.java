package io.slot2kinesis.format;

import static io.slot2kinesis.format.Fixtures.ORDERS;
import static io.slot2kinesis.format.Fixtures.change;
import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.mapping.PartitionKeyPolicy;
import org.junit.jupiter.api.Test;

class PartitionKeysTest {
    private static final TableSchema LINES = Fixtures.table("order_lines", ReplicaIdentity.DEFAULT,
            new Column("order_id", 20, "int8", -1, true),
            new Column("line_no", 23, "int4", -1, true),
            new Column("sku", 25, "text", -1, false));
    private static final TableSchema NO_KEY = Fixtures.table("events", ReplicaIdentity.FULL,
            new Column("tenant_id", 25, "text", -1, false),
            new Column("payload", 3802, "jsonb", -1, false));

    @Test
    void primaryKeyIsSchemaTableAndKeyValue() {
        var insert = change(Operation.INSERT, ORDERS, null, Row.of("1042", "paid", "19.90", null));
        assertThat(PartitionKeys.forChange(insert, PartitionKeyPolicy.PRIMARY_KEY)).isEqualTo("public.orders.1042");
    }

    @Test
    void compositeKeyJoinsValuesWithDotsInColumnOrder() {
        var insert = change(Operation.INSERT, LINES, null, Row.of("7", "2", "A-1"));
        assertThat(PartitionKeys.forChange(insert, PartitionKeyPolicy.PRIMARY_KEY))
                .isEqualTo("public.order_lines.7.2");
    }

    @Test
    void deleteTakesTheKeyFromTheOldValues() {
        var delete = change(Operation.DELETE, ORDERS, Row.of("1042", null, null, null), null);
        assertThat(PartitionKeys.forChange(delete, PartitionKeyPolicy.PRIMARY_KEY)).isEqualTo("public.orders.1042");
    }

    @Test
    void unchangedToastedKeyIsTakenFromTheOldValues() {
        var update = change(Operation.UPDATE, ORDERS, Row.of("1042", null, null, null),
                Row.of(Row.unchanged(), "paid", "1", null));
        assertThat(PartitionKeys.forChange(update, PartitionKeyPolicy.PRIMARY_KEY)).isEqualTo("public.orders.1042");
    }

    @Test
    void tableWithoutKeyAndTruncateFallBackToSchemaTable() {
        var insert = change(Operation.INSERT, NO_KEY, null, Row.of("t1", "{}"));
        var truncate = change(Operation.TRUNCATE, ORDERS, null, null);
        assertThat(PartitionKeys.forChange(insert, PartitionKeyPolicy.PRIMARY_KEY)).isEqualTo("public.events");
        assertThat(PartitionKeys.forChange(truncate, PartitionKeyPolicy.PRIMARY_KEY)).isEqualTo("public.orders");
    }

    @Test
    void honoursTheOtherPolicies() {
        var insert = change(Operation.INSERT, NO_KEY, null, Row.of("tenant-9", "{}"));
        assertThat(PartitionKeys.forChange(insert, PartitionKeyPolicy.SCHEMA_TABLE)).isEqualTo("public.events");
        assertThat(PartitionKeys.forChange(insert, PartitionKeyPolicy.TRANSACTION_ID)).isEqualTo("7631");
        assertThat(PartitionKeys.forChange(insert, PartitionKeyPolicy.constant("all"))).isEqualTo("all");
        assertThat(PartitionKeys.forChange(insert, PartitionKeyPolicy.attribute("tenant_id"))).isEqualTo("tenant-9");
        assertThat(PartitionKeys.forChange(insert, PartitionKeyPolicy.attribute("missing"))).isEqualTo("public.events");
    }

    @Test
    void longKeyIsHashedDeterministicallyWithinTheLimit() {
        String longValue = "x".repeat(400);
        var insert = change(Operation.INSERT, ORDERS, null, Row.of(longValue, "paid", "1", null));
        String key = PartitionKeys.forChange(insert, PartitionKeyPolicy.PRIMARY_KEY);

        assertThat(key).hasSize(256).startsWith("public.orders.xxx").contains("#");
        assertThat(key.substring(key.indexOf('#') + 1)).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(PartitionKeys.forChange(insert, PartitionKeyPolicy.PRIMARY_KEY)).isEqualTo(key);
        var other = change(Operation.INSERT, ORDERS, null, Row.of(longValue + "y", "paid", "1", null));
        assertThat(PartitionKeys.forChange(other, PartitionKeyPolicy.PRIMARY_KEY)).isNotEqualTo(key);
    }

    @Test
    void keyOfExactlyTheLimitIsKeptAsIs() {
        String key = "k".repeat(256);
        assertThat(PartitionKeys.limit(key)).isEqualTo(key);
        assertThat(PartitionKeys.limit(key + "k")).hasSize(256);
    }

    @Test
    void hashingDoesNotSplitASurrogatePair() {
        String key = "a".repeat(190) + "\uD83D\uDE00" + "b".repeat(100);
        String limited = PartitionKeys.limit(key);
        assertThat(limited).hasSizeLessThanOrEqualTo(256);
        assertThat(Character.isHighSurrogate(limited.charAt(limited.indexOf('#') - 1))).isFalse();
    }
}
