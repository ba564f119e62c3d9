package io.slot2kinesis.change;

import static io.slot2kinesis.pgoutput.WireWriter.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.pgoutput.PgOutputDecoder;
import io.slot2kinesis.pgoutput.WireWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.replication.LogSequenceNumber;

/** Relation and Type messages: the caches the assembler builds its {@link TableSchema}s from. */
class ChangeAssemblerSchemaTest {
    private static final long ORDERS = 16384;

    private final PgOutputDecoder decoder = new PgOutputDecoder();
    private final RecordingListener listener = new RecordingListener();
    private ChangeAssembler assembler = new ChangeAssembler(listener);

    private void feed(WireWriter message) {
        LogSequenceNumber lsn = LogSequenceNumber.valueOf("0/100");
        assembler.accept(decoder.decode(message.buffer(), lsn), lsn);
    }

    private static WireWriter orders(char replicaIdentity, int columns) {
        return message('R').int32(ORDERS).string("shop").string("orders").byte1(replicaIdentity).int16(columns)
                .relationColumn(1, "id", 20, -1);
    }

    @Test
    void buildsTableSchemaFromRelationMessage() {
        feed(orders('i', 3).relationColumn(0, "code", 1042, 12).relationColumn(1, "tags", 1009, -1));

        assertThat(assembler.table(ORDERS)).isEqualTo(new TableSchema(ORDERS, new TableId("shop", "orders"),
                ReplicaIdentity.INDEX, List.of(
                        new Column("id", 20, "int8", -1, true),
                        new Column("code", 1042, "bpchar", 12, false),
                        new Column("tags", 1009, "_text", -1, true))));
    }

    @Test
    void reportsFirstRelationMessageWithoutPreviousSchema() {
        feed(orders('d', 1));

        assertThat(listener.relationChanges).singleElement().satisfies(change -> {
            assertThat(change[0]).isNull();
            assertThat(change[1]).isEqualTo(assembler.table(ORDERS));
        });
    }

    @Test
    void replacesCachedRelationOnNewRelationMessage() {
        feed(orders('d', 1));
        TableSchema before = assembler.table(ORDERS);

        feed(orders('f', 2).relationColumn(0, "note", 25, -1));

        TableSchema after = assembler.table(ORDERS);
        assertThat(after.replicaIdentity()).isEqualTo(ReplicaIdentity.FULL);
        assertThat(after.columns()).extracting(Column::name).containsExactly("id", "note");
        assertThat(listener.relationChanges).last().satisfies(change -> {
            assertThat(change[0]).isEqualTo(before);
            assertThat(change[1]).isEqualTo(after);
        });
    }

    @Test
    void replacesCachedRelationEvenWhenOnlyTheReplicaIdentityChanged() {
        // The worker's resolver keys by the primary key under either identity, so the columns stay the same.
        assembler = new ChangeAssembler(listener,
                described -> TableResolver.withKey(described, described.id(), List.of("id")));
        feed(orders('d', 1));
        feed(orders('f', 1));

        assertThat(assembler.table(ORDERS).replicaIdentity()).isEqualTo(ReplicaIdentity.FULL);
        assertThat(listener.relationChanges).hasSize(1);
    }

    @Test
    void staysQuietWhenARelationIsResentWithTheSameColumns() {
        feed(orders('d', 1));
        feed(orders('d', 1));

        assertThat(listener.relationChanges).hasSize(1);
    }

    @Test
    void usesTheNewSchemaForChangesAfterAColumnIsAdded() {
        feed(orders('d', 1));
        feed(message('B').lsn("0/1F0").timestamp(Instant.EPOCH).int32(740));
        feed(message('I').int32(ORDERS).tuple('N', 1).text("1"));
        feed(orders('d', 2).relationColumn(0, "note", 25, -1));
        feed(message('I').int32(ORDERS).tuple('N', 2).text("2").text("hello"));

        assertThat(listener.calls).containsExactly("relation shop.orders before #1", "begin 740",
                "INSERT shop.orders #1", "relation shop.orders before #2", "INSERT shop.orders #2");
        assertThat(listener.changes.get(0).table().columns()).hasSize(1);
        assertThat(listener.changes.get(1).table().columns()).hasSize(2);
    }

    @Test
    void reportsARenameAsARelationChangeEvenWithTheSameColumns() {
        feed(orders('d', 1));
        feed(message('R').int32(ORDERS).string("shop").string("purchases").byte1('d').int16(1)
                .relationColumn(1, "id", 20, -1));

        assertThat(listener.relationChanges).hasSize(2).last().satisfies(change -> {
            assertThat(change[0].id()).isEqualTo(new TableId("shop", "orders"));
            assertThat(change[1].id()).isEqualTo(new TableId("shop", "purchases"));
        });
    }

    /** Begin of a transaction committing at {@code commitLsn}, a Relation message and Commit. */
    private static void transaction(ChangeAssembler session, String commitLsn, WireWriter relation, int xid) {
        PgOutputDecoder decoder = new PgOutputDecoder();
        LogSequenceNumber lsn = LogSequenceNumber.valueOf(commitLsn);
        session.accept(decoder.decode(message('B').lsn(commitLsn).timestamp(Instant.EPOCH).int32(xid).buffer(), lsn),
                lsn);
        session.accept(decoder.decode(relation.buffer(), lsn), lsn);
        session.accept(decoder.decode(message('C').int8(0).lsn(commitLsn).lsn(commitLsn).timestamp(Instant.EPOCH)
                .buffer(), lsn), lsn);
    }

    @Test
    void comparesTheFirstRelationOfANewSessionWithTheLastSchemaAnEarlierSessionSaw() {
        KnownSchemas known = new KnownSchemas();
        RecordingListener first = new RecordingListener();
        transaction(new ChangeAssembler(first, TypeResolver.NONE, known), "0/200", orders('d', 1), 740);

        RecordingListener second = new RecordingListener();
        transaction(new ChangeAssembler(second, TypeResolver.NONE, known), "0/300",
                orders('d', 2).relationColumn(0, "note", 25, -1), 741);

        assertThat(second.relationChanges).singleElement().satisfies(change -> {
            assertThat(change[0]).as("the schema the first session saw").isNotNull();
            assertThat(change[0].columns()).extracting(Column::name).containsExactly("id");
            assertThat(change[1].columns()).extracting(Column::name).containsExactly("id", "note");
        });
    }

    @Test
    void aReplayedTransactionIsComparedWithTheSchemaBeforeItNeverWithALaterOne() {
        KnownSchemas known = new KnownSchemas();
        ChangeAssembler first = new ChangeAssembler(new RecordingListener(), TypeResolver.NONE, known);
        transaction(first, "0/200", orders('d', 1), 740);
        transaction(first, "0/300", orders('d', 2).relationColumn(0, "note", 25, -1), 741);

        RecordingListener replay = new RecordingListener();
        ChangeAssembler second = new ChangeAssembler(replay, TypeResolver.NONE, known);
        transaction(second, "0/200", orders('d', 1), 740);
        transaction(second, "0/300", orders('d', 2).relationColumn(0, "note", 25, -1), 741);

        assertThat(replay.relationChanges).extracting(change -> change[0] == null ? "none"
                : change[0].columns().size() + "->" + change[1].columns().size())
                .as("no change reported backwards; the added column again, as any replayed record")
                .containsExactly("none", "1->2");
    }

    @Test
    void namesCustomTypesFromTheirTypeMessage() {
        feed(message('Y').int32(70001).string("shop").string("mood"));
        feed(message('Y').int32(70000).string("shop").string("_mood"));
        feed(orders('d', 3).relationColumn(0, "mood", 70001, -1).relationColumn(0, "moods", 70000, -1));

        assertThat(assembler.table(ORDERS).columns()).extracting(Column::typeName).containsExactly("int8", "mood", "_mood");
    }

    @Test
    void resolvesADomainColumnToItsBaseTypeOncePerSession() {
        List<Integer> asked = new java.util.ArrayList<>();
        ChangeAssembler resolving = new ChangeAssembler(listener, oid -> {
            asked.add(oid);
            return oid == 70002 ? new TypeResolver.BaseType(23, "int4") : null;
        }, new KnownSchemas());
        LogSequenceNumber lsn = LogSequenceNumber.valueOf("0/100");
        resolving.accept(decoder.decode(message('Y').int32(70002).string("shop").string("quantity").buffer(), lsn),
                lsn);
        for (int i = 0; i < 2; i++) {
            resolving.accept(decoder.decode(orders('d', 3).relationColumn(0, "qty", 70002, -1)
                    .relationColumn(0, "total", 1700, -1).buffer(), lsn), lsn);
        }

        assertThat(resolving.table(ORDERS).columns().get(1)).isEqualTo(
                new Column("qty", 70002, "quantity", -1, false, 23, "int4"));
        assertThat(resolving.table(ORDERS).columns().get(2).baseTypeName()).isEqualTo("numeric");
        assertThat(asked).as("built-in types are not looked up; a domain once").containsExactly(70002);
    }

    @Test
    void namesUnknownTypesByTheirOid() {
        feed(orders('d', 2).relationColumn(0, "mystery", 0xFFFF_FFF0, -1));

        assertThat(assembler.table(ORDERS).columns().get(1).typeName()).isEqualTo("oid:4294967280");
    }

    @Test
    void readsAnEmptyNamespaceAsPgCatalog() {
        feed(message('R').int32(1259).string("").string("pg_class").byte1('n').int16(0));

        assertThat(assembler.table(1259).id()).isEqualTo(new TableId("pg_catalog", "pg_class"));
    }
}
