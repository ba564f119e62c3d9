package io.slot2kinesis.replication;

import io.slot2kinesis.change.TableId;

/**
 * A table as a publication lists it, and the table its changes are captured as.
 *
 * @param root the partitioned table at the top of {@code table}'s partition tree; {@code table} itself when it is not
 *             a partition
 */
public record PublishedTable(TableId table, TableId root) {
    public boolean isPartition() {
        return !table.equals(root);
    }
}
