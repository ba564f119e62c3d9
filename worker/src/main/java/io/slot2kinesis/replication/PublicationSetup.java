package io.slot2kinesis.replication;

import io.slot2kinesis.change.TableId;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the publications exist, and returns the names to stream.
 *
 * <p>When it creates them, tables that cannot log old rows (no primary key, no replica identity) go into a second,
 * insert-only publication named {@code <publication>_insert_only}: publishing their updates would make the
 * application's own UPDATE and DELETE fail, and AWS DMS also captures only their inserts.
 *
 * <p>Publications it creates publish via the partition root (PostgreSQL 13+), so the changes of a partitioned table
 * arrive under its own name, as a selection written for the parent (as for AWS DMS) expects.
 *
 * <p>A publication the worker creates is noted as its own in the publication's comment ({@link NewTables}); the
 * worker then adds the selected tables created later to it, and keeps the insert-only publication, empty or not.
 *
 * <p>Unlogged tables are left out of the publications it creates: PostgreSQL refuses to publish them, as they write
 * no WAL ({@link Catalog#userTables}); {@link NewTableCapture} names each selected one once, and adds it when it is set
 * LOGGED.
 *
 * <p>The worker's signal table is never captured: it is left out of the publications the worker creates, and an
 * existing publication that has it gets one warning with the statement that takes it out.
 */
public final class PublicationSetup {
    public static final String INSERT_ONLY_SUFFIX = "_insert_only";
    private static final Logger log = LoggerFactory.getLogger(PublicationSetup.class);

    private PublicationSetup() {}

    public static List<String> ensure(SlotManager manager, String publication, Predicate<TableId> selected,
            TableId signalTable) throws SQLException {
        String insertOnly = publication + INSERT_ONLY_SUFFIX;
        if (!manager.publicationExists(publication)) {
            List<TableId> full = new ArrayList<>();
            List<TableId> inserts = new ArrayList<>();
            for (CatalogTable table : Catalog.userTables(manager.connection())) {
                if (!selected.test(table.id()) || table.id().equals(signalTable)) {
                    continue;
                }
                (table.canPublishUpdates() ? full : inserts).add(table.id());
            }
            // Both always, the insert-only one even when empty, so that a keyless table created later can join a
            // publication that is already streamed.
            if (manager.ensurePublication(publication, full, "insert, update, delete, truncate")) {
                // Owned: the worker adds selected tables created later (NewTableCapture), keyless ones to insertOnly.
                manager.commentOnPublication(publication,
                        NewTables.withOwnedNote(manager.publicationComment(publication)));
            }
            if (!inserts.isEmpty()) {
                log.warn("table(s) {} have no primary key or replica identity: only their INSERTs and TRUNCATEs are "
                        + "published (publication '{}'), as AWS DMS does, so the application's UPDATE and DELETE "
                        + "keep working; add a primary key or set REPLICA IDENTITY FULL to capture updates and deletes",
                        inserts, insertOnly);
            }
            manager.ensurePublication(insertOnly, inserts, "insert, truncate");
        } else if (!manager.publicationExists(insertOnly)
                && NewTables.ownedByWorker(manager.publicationComment(publication))) {
            manager.ensurePublication(insertOnly, List.of(), "insert, truncate");
        }
        List<String> names = new ArrayList<>(List.of(publication));
        if (manager.publicationExists(insertOnly)) {
            names.add(insertOnly);
        }
        for (String name : names) {
            if (manager.publicationTables(name).contains(signalTable)) {
                log.warn(signalTablePublished(name, signalTable));
            }
        }
        warnIfPartitionsArriveUnderTheirOwnNames(manager, names, selected);
        return names;
    }

    /**
     * An existing publication without {@code publish_via_partition_root} reports a selected partitioned table's
     * changes under each partition's name. The worker still maps them to the partitioned table (from the catalog,
     * when the Relation message arrives), but a partition detached before its changes are decoded keeps its own name.
     */
    private static void warnIfPartitionsArriveUnderTheirOwnNames(SlotManager manager, List<String> publications,
            Predicate<TableId> selected) throws SQLException {
        List<TableId> partitioned = new ArrayList<>();
        for (CatalogTable table : Catalog.userTables(manager.connection())) {
            if (table.partitioned() && selected.test(table.id())) {
                partitioned.add(table.id());
            }
        }
        if (partitioned.isEmpty()) {
            return;
        }
        for (String name : publications) {
            if (!manager.publishesViaPartitionRoot(name)) {
                log.warn(notViaPartitionRoot(name, partitioned, manager.serverMajorVersion()));
            }
        }
    }

    /** The warning for a publication that reports the selected partitioned tables' changes under partition names. */
    public static String notViaPartitionRoot(String publication, List<TableId> partitioned, int serverMajorVersion) {
        String message = "publication '" + publication + "' does not publish via the partition root, and the "
                + "selected table(s) " + partitioned + " are partitioned: PostgreSQL reports their changes under each "
                + "partition's name; the worker publishes them as the partitioned table, looking the partition up in "
                + "the catalog, but a partition detached before its changes are read keeps its own name; ";
        return message + (serverMajorVersion >= 13 ? "run: " + viaPartitionRoot(publication)
                : "PostgreSQL " + serverMajorVersion + " has no publish_via_partition_root (13 and later have)");
    }

    /** {@code ALTER PUBLICATION "p" SET (publish_via_partition_root = true)}. */
    public static String viaPartitionRoot(String publication) {
        return "ALTER PUBLICATION " + quote(publication) + " SET (publish_via_partition_root = true)";
    }

    /** The warning for a publication that has the signal table, with the statement that takes it out. */
    static String signalTablePublished(String publication, TableId signalTable) {
        return "publication '" + publication + "' has the signal table " + signalTable.qualified()
                + " (S2K_SIGNAL_TABLE): the worker ignores its changes, but PostgreSQL still decodes every backfill "
                + "progress update; run: " + dropTable(publication, signalTable)
                + " (a FOR ALL TABLES publication cannot drop it: list its tables instead)";
    }

    /** {@code ALTER PUBLICATION "p" DROP TABLE "s"."t"}. */
    public static String dropTable(String publication, TableId table) {
        return "ALTER PUBLICATION " + quote(publication) + " DROP TABLE " + quote(table.schema()) + "."
                + quote(table.name());
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
