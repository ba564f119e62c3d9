package io.slot2kinesis.mapping;

import io.slot2kinesis.change.TableId;

/** A selected table that the patterns of two groups match: it would be streamed twice, in no order. */
public final class TableGroupConflictException extends TableMappingException {
    public TableGroupConflictException(String sourceName, TableId table, String first, String second) {
        super(sourceName + ": table " + table.qualified() + " matches the patterns of groups '" + first + "' and '"
                + second + "': a table belongs to exactly one group; narrow the patterns of one of them");
    }
}
