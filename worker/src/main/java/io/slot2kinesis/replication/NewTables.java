package io.slot2kinesis.replication;

import io.slot2kinesis.change.TableId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * Which selected tables a publication is missing, and what to say about them. A publication lists the tables it was
 * given; a table created later, which the mappings select, is only captured once it is added, and pgoutput decides
 * membership with the catalog as of each change, so rows written before the {@code ADD TABLE} never reach the stream:
 * the worker sends them by backfill, which needs a primary key.
 *
 * <p>The worker adds tables only to a publication it created, which it records in the publication's comment
 * ({@link #OWNED_NOTE}); a publication someone else made is reported, never altered.
 */
public final class NewTables {
    /** The line in the comment of a publication the worker created: it may add selected tables created later. */
    public static final String OWNED_NOTE =
            "slot2kinesis: publication created by the worker, which adds the selected tables created later";

    private NewTables() {}

    /**
     * A selected table that is not in the publications.
     *
     * @param insertOnly goes into the {@code _insert_only} publication: it cannot log old rows
     * @param backfill   can be backfilled (has a primary key), so its rows from before the add can be sent
     */
    public record Missing(TableId table, boolean insertOnly, boolean backfill) {}

    /** Whether a publication comment says the worker created the publication. */
    public static boolean ownedByWorker(String comment) {
        return comment != null && comment.lines().anyMatch(OWNED_NOTE::equals);
    }

    /** The comment with the ownership note added (once). */
    public static String withOwnedNote(String comment) {
        if (ownedByWorker(comment)) {
            return comment;
        }
        return comment == null || comment.isEmpty() ? OWNED_NOTE : comment + "\n" + OWNED_NOTE;
    }

    /**
     * The selected user tables of the catalog that are not among {@code published} (tables and the partitioned
     * tables their partitions belong to), in catalog order.
     */
    public static List<Missing> missing(List<CatalogTable> catalog, Collection<TableId> published,
            Predicate<TableId> selected) {
        List<Missing> missing = new ArrayList<>();
        for (CatalogTable table : catalog) {
            if (selected.test(table.id()) && !published.contains(table.id())) {
                missing.add(new Missing(table.id(), !table.canPublishUpdates(), table.hasPrimaryKey()));
            }
        }
        return missing;
    }

    /**
     * The publication a missing table goes into: a keyless one into {@code <publication>_insert_only} when that exists
     * (the worker always makes it for a publication it owns, the custom resource makes both), as in a publication of
     * updates it would refuse the application's UPDATE and DELETE.
     */
    public static String targetPublication(String publication, boolean keyless, boolean insertOnlyExists) {
        return keyless && insertOnlyExists ? publication + PublicationSetup.INSERT_ONLY_SUFFIX : publication;
    }

    /**
     * {@code ALTER PUBLICATION "p" ADD TABLE ONLY "s"."t"}: without ONLY PostgreSQL also adds the table's inheritance
     * children, which do not inherit its primary key; a child the mappings select is added by its own name.
     */
    public static String addTable(String publication, TableId table) {
        return "ALTER PUBLICATION " + TableId.quote(publication) + " ADD TABLE ONLY " + table.quoted();
    }

    /** The warning for a table the worker may not add: who must do what, and the backfill that closes the gap. */
    public static String cannotAdd(String publication, Missing missing, String user, String owner, String reason) {
        return "selected table " + missing.table().qualified() + " is not in publication '" + publication
                + "' and the worker cannot add it (" + reason + "): its changes are not captured. ALTER PUBLICATION "
                + "needs ownership of both the publication and the table; grant the table's owner to the worker's "
                + "user (GRANT " + TableId.quote(owner == null ? "<owner>" : owner) + " TO " + TableId.quote(user)
                + ", with INHERIT) and the worker adds it, or run as a superuser: "
                + addTable(publication, missing.table()) + "; " + afterManualAdd(missing);
    }

    /** The warning for a selected table missing from a publication the worker did not create. */
    public static String notInUserPublication(String publication, Missing missing) {
        return "selected table " + missing.table().qualified() + " is not in publication '" + publication
                + "', which the worker did not create and so does not alter: its changes are not captured; run: "
                + addTable(publication, missing.table()) + "; " + afterManualAdd(missing);
    }

    /**
     * The warning for a selected unlogged table: it is left out of the publication, as PostgreSQL cannot publish it.
     * Once set LOGGED it is a selected table missing from the publication, which the worker adds when it owns it.
     */
    public static String unlogged(String publication, TableId table, boolean owned) {
        return "selected table " + table.qualified() + " is unlogged: PostgreSQL writes no WAL for it, and logical "
                + "decoding reads the WAL, so no tool can capture its changes (PostgreSQL refuses to add it to a "
                + "publication); it is left out of publication '" + publication + "'. To capture it, run: ALTER TABLE "
                + table.quoted() + " SET LOGGED (rewrites the table under an exclusive lock); " + (owned
                ? "the worker then adds it to the publication like a table created later, backfilling its rows when "
                + "it has a primary key" : "then: " + addTable(publication, table));
    }

    /**
     * The warning for an unlogged partition of a selected partitioned table: the publication has the partitioned
     * table, and nothing of this partition reaches it until it is set LOGGED; the rows written meanwhile are missing.
     */
    public static String unloggedPartition(TableId partition, TableId root) {
        return "partition " + partition.qualified() + " of selected table " + root.qualified() + " is unlogged: "
                + "PostgreSQL writes no WAL for it, and logical decoding reads the WAL, so no tool can capture its "
                + "changes (PostgreSQL publishes the partitioned table, but decodes nothing of this partition). To "
                + "capture it, run: ALTER TABLE " + partition.quoted() + " SET LOGGED (rewrites the partition under an "
                + "exclusive lock); then send the rows written before that with: slot2kinesis backfill --table "
                + root.qualified();
    }

    /** The warning for a table added without a backfill: its rows from before the add are not in the stream. */
    public static String gap(Missing missing, String publication, String why) {
        return "table " + missing.table().qualified() + " was added to publication '" + publication + "' after it "
                + "was created; rows written to it before that are not in the stream (" + why + ")";
    }

    private static String afterManualAdd(Missing missing) {
        return missing.backfill() ? "then send the rows written before the add with: slot2kinesis backfill --table "
                + missing.table().qualified()
                : "rows written before the add are not in the stream (no primary key, so no backfill)";
    }
}
