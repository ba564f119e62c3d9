package io.slot2kinesis.replication;

import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.TableId;

/**
 * A user table as the catalog describes it, for choosing what to publish and for {@code check}.
 *
 * @param partitioned a partitioned table (the root of partitions), whose changes only come under its own name from a
 *                    publication with {@code publish_via_partition_root}
 */
public record CatalogTable(TableId id, boolean hasPrimaryKey, ReplicaIdentity replicaIdentity, boolean partitioned) {
    /**
     * Whether PostgreSQL logs enough of the old row for UPDATE and DELETE to be published. Publishing updates of a
     * table that cannot makes the application's own UPDATE and DELETE fail.
     */
    public boolean canPublishUpdates() {
        return switch (replicaIdentity) {
            case FULL, INDEX -> true;
            case DEFAULT -> hasPrimaryKey;
            case NOTHING -> false;
        };
    }
}
