package io.slot2kinesis.mapping;

import java.util.Objects;

/**
 * How the partition key of a table's records is built.
 *
 * @param argument the constant for {@link PartitionKeyType#CONSTANT}, the column name for
 *                 {@link PartitionKeyType#ATTRIBUTE_NAME}, null otherwise
 */
public record PartitionKeyPolicy(PartitionKeyType type, String argument) {
    public static final PartitionKeyPolicy PRIMARY_KEY = new PartitionKeyPolicy(PartitionKeyType.PRIMARY_KEY, null);
    public static final PartitionKeyPolicy SCHEMA_TABLE = new PartitionKeyPolicy(PartitionKeyType.SCHEMA_TABLE, null);
    public static final PartitionKeyPolicy TRANSACTION_ID =
            new PartitionKeyPolicy(PartitionKeyType.TRANSACTION_ID, null);

    public PartitionKeyPolicy {
        Objects.requireNonNull(type, "type");
        boolean needsArgument = type == PartitionKeyType.CONSTANT || type == PartitionKeyType.ATTRIBUTE_NAME;
        if (needsArgument != (argument != null)) {
            throw new IllegalArgumentException(type.jsonName() + (needsArgument
                    ? " needs a value (the constant or the column name)"
                    : " takes no value, got '" + argument + "'"));
        }
    }

    public static PartitionKeyPolicy constant(String value) {
        return new PartitionKeyPolicy(PartitionKeyType.CONSTANT, value);
    }

    public static PartitionKeyPolicy attribute(String columnName) {
        return new PartitionKeyPolicy(PartitionKeyType.ATTRIBUTE_NAME, columnName);
    }
}
