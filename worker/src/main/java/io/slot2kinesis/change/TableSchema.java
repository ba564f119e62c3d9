package io.slot2kinesis.change;

import java.util.List;

/** A table as the last Relation message described it. Replaced whenever PostgreSQL sends a new one. */
public record TableSchema(long oid, TableId id, ReplicaIdentity replicaIdentity, List<Column> columns) {
    public TableSchema {
        columns = List.copyOf(columns);
    }

    /** The indexes of the row key's columns, in column order. Empty for a table without a key. */
    public int[] keyIndexes() {
        return java.util.stream.IntStream.range(0, columns.size()).filter(i -> columns.get(i).key()).toArray();
    }

    /** Asked for every change (its partition key): a loop, not a stream, so that it allocates nothing. */
    public boolean hasKey() {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).key()) {
                return true;
            }
        }
        return false;
    }
}
