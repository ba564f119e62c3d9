package io.slot2kinesis.mapping;

import java.util.Arrays;

/** The {@code mapping-parameters.partition-key-type} values of an object-mapping rule, as DMS names them. */
public enum PartitionKeyType {
    /** {@code schema.table.pk1[.pk2...]}: per-row ordering, spread over shards. The default. */
    PRIMARY_KEY("primary-key"),
    /** {@code schema.table}: one shard per table, total order per table. */
    SCHEMA_TABLE("schema-table"),
    /** The transaction id: a transaction's changes stay together. */
    TRANSACTION_ID("transaction-id"),
    /** A fixed value from {@code partition-key.value}: everything on one shard. */
    CONSTANT("constant"),
    /** The value of the column named by {@code partition-key-name}. */
    ATTRIBUTE_NAME("attribute-name");

    private final String jsonName;

    PartitionKeyType(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Null when the name is unknown. */
    public static PartitionKeyType fromJson(String name) {
        for (PartitionKeyType type : values()) {
            if (type.jsonName.equals(name)) {
                return type;
            }
        }
        return null;
    }

    static String allowed() {
        return RuleType.orList(Arrays.stream(values()).map(PartitionKeyType::jsonName).toList());
    }
}
