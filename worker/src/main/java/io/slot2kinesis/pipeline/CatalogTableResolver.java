package io.slot2kinesis.pipeline;

import io.slot2kinesis.change.TableId;
import io.slot2kinesis.change.TableResolver;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.replication.Catalog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names and keys each relation from the catalog, once per Relation message (once per session and relation, and again
 * after it changes):
 *
 * <ul>
 *   <li>A partition whose partitioned table (or an ancestor) is selected is named as the topmost selected ancestor,
 *       as a publication with {@code publish_via_partition_root} would report it, so a selection written for the
 *       parent (as for AWS DMS) captures every partition, including ones attached later.
 *   <li>The row key is the primary key, or the replica identity index under USING INDEX ({@link
 *       Catalog#rowKeyColumns}), never pgoutput's flags, which under REPLICA IDENTITY FULL mark every column.
 * </ul>
 *
 * The catalog is read as it is now, not as it was when the change was written: a partition detached between a change
 * and its decoding is named as itself. A failed query ends the session like any lost connection.
 */
final class CatalogTableResolver implements TableResolver {
    private static final Logger log = LoggerFactory.getLogger(CatalogTableResolver.class);
    private final Connection connection;
    private final Predicate<TableId> selected;

    CatalogTableResolver(Connection connection, Predicate<TableId> selected) {
        this.connection = connection;
        this.selected = selected;
    }

    @Override
    public TableSchema resolve(TableSchema described) {
        try {
            TableId name = described.id();
            for (TableId ancestor : Catalog.partitionAncestors(connection, described.oid())) {
                if (selected.test(ancestor)) {
                    log.info("changes of partition {} arrive under its own name (the publication does not publish via "
                            + "the partition root): they are published as its partitioned table {}, which is "
                            + "selected", name, ancestor);
                    name = ancestor;
                    break;
                }
            }
            return TableResolver.withKey(described, name, Catalog.rowKeyColumns(connection, described.oid()));
        } catch (SQLException e) {
            throw new SessionLostException(e);
        }
    }

}
