package io.slot2kinesis.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.TableId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NewTablesTest {
    private static final TableId ORDERS = new TableId("public", "orders");
    private static final TableId EVENTS = new TableId("public", "events");
    private static final TableId AUDIT = new TableId("public", "audit");
    private static final TableId LATER = new TableId("public", "later");
    private static final TableId OTHER = new TableId("ops", "other");

    @Test
    void findsTheSelectedTablesThePublicationsLackWithWhereEachGoesAndWhetherItCanBeBackfilled() {
        List<CatalogTable> catalog = List.of(
                new CatalogTable(ORDERS, true, ReplicaIdentity.DEFAULT, false),
                new CatalogTable(LATER, true, ReplicaIdentity.DEFAULT, false),
                new CatalogTable(EVENTS, false, ReplicaIdentity.DEFAULT, false),
                new CatalogTable(AUDIT, false, ReplicaIdentity.FULL, false),
                new CatalogTable(OTHER, true, ReplicaIdentity.DEFAULT, false));

        List<NewTables.Missing> missing = NewTables.missing(catalog, Set.of(ORDERS),
                table -> table.schema().equals("public"));

        assertThat(missing).containsExactly(
                new NewTables.Missing(LATER, false, true),
                new NewTables.Missing(EVENTS, true, false),
                new NewTables.Missing(AUDIT, false, false));
    }

    @Test
    void aPartitionedTableCountsAsPublishedThroughItsPartitions() {
        List<CatalogTable> catalog = List.of(new CatalogTable(ORDERS, true, ReplicaIdentity.DEFAULT, true));

        assertThat(NewTables.missing(catalog, Set.of(new TableId("public", "orders_2026"), ORDERS), table -> true))
                .isEmpty();
    }

    @Test
    void onlyAPublicationWhoseCommentCarriesTheNoteIsTheWorkers() {
        String slotNote = "slot2kinesis: slot s2k created at LSN 0/16B3748";

        assertThat(NewTables.ownedByWorker(null)).isFalse();
        assertThat(NewTables.ownedByWorker(slotNote)).isFalse();
        assertThat(NewTables.ownedByWorker("made by hand; " + NewTables.OWNED_NOTE)).isFalse();
        assertThat(NewTables.ownedByWorker(slotNote + "\n" + NewTables.OWNED_NOTE)).isTrue();
    }

    @Test
    void theOwnershipNoteIsAddedOnceAndKeepsTheOtherLines() {
        String slotNote = "slot2kinesis: slot s2k created at LSN 0/16B3748";

        assertThat(NewTables.withOwnedNote(null)).isEqualTo(NewTables.OWNED_NOTE);
        String noted = NewTables.withOwnedNote(slotNote);
        assertThat(noted).isEqualTo(slotNote + "\n" + NewTables.OWNED_NOTE);
        assertThat(NewTables.withOwnedNote(noted)).isEqualTo(noted);
        assertThat(SlotGuard.lastNotedCreation(noted, "s2k")).isEqualTo("0/16B3748");
    }

    @Test
    void aTableTheWorkerMayNotAddIsNamedWithTheGrantTheStatementAndTheBackfillToRun() {
        String message = NewTables.cannotAdd("s2k_pub", new NewTables.Missing(LATER, false, true), "s2k", "app",
                "ERROR: must be owner of table later");

        assertThat(message).startsWith("selected table public.later is not in publication 's2k_pub' and the worker "
                + "cannot add it (ERROR: must be owner of table later): its changes are not captured.")
                .contains("GRANT \"app\" TO \"s2k\", with INHERIT")
                .contains("ALTER PUBLICATION \"s2k_pub\" ADD TABLE ONLY \"public\".\"later\"")
                .endsWith("then send the rows written before the add with: slot2kinesis backfill --table "
                        + "public.later");
    }

    @Test
    void aPublicationTheWorkerDidNotCreateIsOnlyReportedAndAKeylessTablesGapIsNamed() {
        String message = NewTables.notInUserPublication("app_pub", new NewTables.Missing(EVENTS, true, false));

        assertThat(message).startsWith("selected table public.events is not in publication 'app_pub', which the "
                + "worker did not create and so does not alter")
                .contains("run: ALTER PUBLICATION \"app_pub\" ADD TABLE ONLY \"public\".\"events\"")
                .endsWith("rows written before the add are not in the stream (no primary key, so no backfill)");
    }

    @Test
    void anUnloggedTableIsNamedWithWhyNoToolCanCaptureItAndTheStatementThatMakesItCapturable() {
        String owned = NewTables.unlogged("s2k_pub", LATER, true);
        String users = NewTables.unlogged("app_pub", LATER, false);

        assertThat(owned).startsWith("selected table public.later is unlogged: PostgreSQL writes no WAL for it, and "
                + "logical decoding reads the WAL, so no tool can capture its changes")
                .contains("left out of publication 's2k_pub'", "run: ALTER TABLE \"public\".\"later\" SET LOGGED")
                .endsWith("the worker then adds it to the publication like a table created later, backfilling its "
                        + "rows when it has a primary key");
        assertThat(users).endsWith("then: ALTER PUBLICATION \"app_pub\" ADD TABLE ONLY \"public\".\"later\"");
        assertThat(NewTables.unloggedPartition(new TableId("public", "later_2026"), LATER))
                .startsWith("partition public.later_2026 of selected table public.later is unlogged")
                .contains("run: ALTER TABLE \"public\".\"later_2026\" SET LOGGED")
                .endsWith("then send the rows written before that with: slot2kinesis backfill --table public.later");
    }
}
