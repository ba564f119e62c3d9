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
            manager.ensurePublication(publication, full, "insert, update, delete, truncate");
            if (!inserts.isEmpty()) {
                log.warn("table(s) {} have no primary key or replica identity: only their INSERTs and TRUNCATEs are "
                        + "published (publication '{}'), as AWS DMS does, so the application's UPDATE and DELETE "
                        + "keep working; add a primary key or set REPLICA IDENTITY FULL to capture updates and deletes",
                        inserts, insertOnly);
                manager.ensurePublication(insertOnly, inserts, "insert, truncate");
            }
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
        return names;
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
