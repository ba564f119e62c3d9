package io.slot2kinesis.change;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.postgresql.replication.LogSequenceNumber;

/**
 * The schemas Relation messages gave each relation, by the commit LSN of the transaction they came in, kept across
 * the replication sessions of one process. PostgreSQL describes a relation afresh in every session, so without this
 * the first Relation message after a reconnect could not be compared and a column change committed around the
 * reconnect would go unreported.
 *
 * <p>A new session resumes from the slot's acknowledged position and may replay transactions seen before: the first
 * Relation message of a transaction is therefore compared with the last schema seen in a transaction committed
 * <em>before</em> it, never with a later one (that would report a change backwards). Per relation, the oldest
 * entries beyond {@value #KEPT} are forgotten: a replay reaching further back than that finds nothing to compare
 * with and reports nothing, rather than something wrong. Thread-safe.
 */
public final class KnownSchemas {
    static final int KEPT = 32;

    private final Map<Long, TreeMap<Long, TableSchema>> byRelation = new HashMap<>();

    /** The last schema seen for the relation in a transaction committed before {@code commitLsn}; null if none. */
    synchronized TableSchema before(long relationOid, LogSequenceNumber commitLsn) {
        TreeMap<Long, TableSchema> seen = byRelation.get(relationOid);
        var entry = seen == null ? null : seen.lowerEntry(commitLsn.asLong());
        return entry == null ? null : entry.getValue();
    }

    /** Notes the schema a Relation message gave the relation in the transaction committing at {@code commitLsn}. */
    synchronized void seen(TableSchema schema, LogSequenceNumber commitLsn) {
        TreeMap<Long, TableSchema> seen = byRelation.computeIfAbsent(schema.oid(), oid -> new TreeMap<>());
        seen.put(commitLsn.asLong(), schema);
        while (seen.size() > KEPT) {
            seen.pollFirstEntry();
        }
    }
}
