package io.slot2kinesis.change;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives a table, as a Relation message described it, the name and the row key its records use.
 *
 * <p>Two things in a Relation message cannot be taken as they are. Under REPLICA IDENTITY FULL every column carries
 * the "part of the key" flag (PostgreSQL's {@code logicalrep_write_attrs}), so keying records by those flags would
 * give a row a new partition key with every update. And without {@code publish_via_partition_root} a change of a
 * partitioned table arrives under the partition's name, which a selection written for the parent does not match.
 * The worker's resolver reads both from the catalog; {@link #RELATION_MESSAGE} is what is left without one.
 */
@FunctionalInterface
public interface TableResolver {

    /** The table to name and key records by; {@link TableSchema#oid()} stays the relation's own. */
    TableSchema resolve(TableSchema described);

    /**
     * Without a catalog: the message's name, and its key flags except under FULL, where they mark every column and
     * so are no key at all; such a table is keyed as a table without a key ({@code schema.table}).
     */
    TableResolver RELATION_MESSAGE = described -> described.replicaIdentity() == ReplicaIdentity.FULL
            ? withKey(described, described.id(), List.of()) : described;

    /** {@code described} under {@code name}, with exactly the named columns marked as the row key. */
    static TableSchema withKey(TableSchema described, TableId name, java.util.Collection<String> keyColumns) {
        List<Column> columns = new ArrayList<>(described.columns().size());
        for (Column column : described.columns()) {
            boolean key = keyColumns.contains(column.name());
            columns.add(key == column.key() ? column
                    : new Column(column.name(), column.typeOid(), column.typeName(), column.typeModifier(), key,
                            column.baseTypeOid(), column.baseTypeName()));
        }
        return new TableSchema(described.oid(), name, described.replicaIdentity(), columns);
    }
}
