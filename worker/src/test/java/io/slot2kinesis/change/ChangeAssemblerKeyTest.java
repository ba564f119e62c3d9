package io.slot2kinesis.change;

import static io.slot2kinesis.pgoutput.WireWriter.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.pgoutput.PgOutputDecoder;
import io.slot2kinesis.pgoutput.WireWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.replication.LogSequenceNumber;

/** Which columns key a row, and what an UPDATE of the key becomes, fed byte-level as the replication loop does. */
class ChangeAssemblerKeyTest {
    private static final long ORDERS = 16384;
    private static final long PARTITION = 16400;

    private final PgOutputDecoder decoder = new PgOutputDecoder();
    private final RecordingListener listener = new RecordingListener();

    private void feed(ChangeAssembler assembler, WireWriter... messages) {
        LogSequenceNumber lsn = LogSequenceNumber.valueOf("0/100");
        for (WireWriter message : messages) {
            assembler.accept(decoder.decode(message.buffer(), lsn), lsn);
        }
    }

    /** As PostgreSQL sends it: under FULL both columns carry the key flag. */
    private static WireWriter relation(long oid, String name, char identity) {
        int flag = identity == 'f' ? 1 : 0;
        return message('R').int32(oid).string("shop").string(name).byte1(identity).int16(2)
                .relationColumn(identity == 'n' ? 0 : 1, "id", 20, -1)
                .relationColumn(flag, "note", 25, -1);
    }

    private static WireWriter begin() {
        return message('B').lsn("0/1F0").timestamp(Instant.parse("2024-05-01T12:00:00Z")).int32(740);
    }

    private static WireWriter update(char oldTag, String oldId, String oldNote, String newId, String newNote) {
        WireWriter old = message('U').int32(ORDERS).tuple(oldTag, 2).text(oldId);
        old = oldNote == null ? old.nul() : old.text(oldNote);
        return old.tuple('N', 2).text(newId).text(newNote);
    }

    /** The worker's resolver stands in: id is the primary key, whatever the replica identity. */
    private static final TableResolver PRIMARY_KEY_ID =
            described -> TableResolver.withKey(described, described.id(), List.of("id"));

    @Test
    void neverTakesEveryColumnOfAFullReplicaIdentityAsTheKey() {
        feed(new ChangeAssembler(listener), relation(ORDERS, "orders", 'f'));

        assertThat(listener.relationChanges.getFirst()[1].hasKey()).isFalse();
    }

    @Test
    void keysAFullReplicaIdentityTableByThePrimaryKeyTheResolverGives() {
        ChangeAssembler assembler = new ChangeAssembler(listener, PRIMARY_KEY_ID);
        feed(assembler, relation(ORDERS, "orders", 'f'));

        assertThat(assembler.table(ORDERS).keyIndexes()).containsExactly(0);
        assertThat(assembler.table(ORDERS).replicaIdentity()).isEqualTo(ReplicaIdentity.FULL);
    }

    @Test
    void namesAPartitionAsTheResolverSaysKeepingItsOwnOid() {
        ChangeAssembler assembler = new ChangeAssembler(listener,
                described -> TableResolver.withKey(described, new TableId("shop", "orders"), List.of("id")));
        feed(assembler, relation(PARTITION, "orders_eu", 'd'), begin(),
                message('I').int32(PARTITION).tuple('N', 2).text("1").text("a"));

        assertThat(listener.changes.getFirst().table().id()).isEqualTo(new TableId("shop", "orders"));
        assertThat(listener.changes.getFirst().table().oid()).isEqualTo(PARTITION);
    }

    @Test
    void anUpdateOfTheKeyBecomesADeleteUnderTheOldKeyThenAnInsertUnderTheNewOne() {
        ChangeAssembler assembler = new ChangeAssembler(listener);
        feed(assembler, relation(ORDERS, "orders", 'd'), begin(), update('K', "1", null, "2", "moved"),
                message('I').int32(ORDERS).tuple('N', 2).text("3").text("next"));

        assertThat(listener.calls).containsExactly("relation shop.orders before #1", "begin 740", "DELETE shop.orders #1",
                "INSERT shop.orders #2", "INSERT shop.orders #3");
        ChangeEvent delete = listener.changes.get(0);
        assertThat(delete.before()).isEqualTo(Row.of("1", null));
        assertThat(delete.after()).isNull();
        assertThat(delete.otherKey()).isEqualTo(Row.of("2", "moved"));
        ChangeEvent insert = listener.changes.get(1);
        assertThat(insert.before()).isNull();
        assertThat(insert.after()).isEqualTo(Row.of("2", "moved"));
        assertThat(insert.otherKey()).isEqualTo(Row.of("1", null));
        assertThat(listener.changes.get(2).keyChange()).isFalse();
    }

    @Test
    void anUpdateWhoseOldKeyWasSentButDidNotChangeStaysOneUpdate() {
        ChangeAssembler assembler = new ChangeAssembler(listener);
        feed(assembler, relation(ORDERS, "orders", 'd'), begin(), update('K', "1", null, "1", "same key"));

        assertThat(listener.calls).endsWith("UPDATE shop.orders #1");
        assertThat(listener.changes.getFirst().keyChange()).isFalse();
    }

    @Test
    void underFullAnUpdateSplitsOnlyWhenThePrimaryKeyChanged() {
        ChangeAssembler assembler = new ChangeAssembler(listener, PRIMARY_KEY_ID);
        feed(assembler, relation(ORDERS, "orders", 'f'), begin(), update('O', "1", "a", "1", "b"),
                update('O', "1", "b", "2", "b"));

        assertThat(listener.calls).endsWith("UPDATE shop.orders #1", "DELETE shop.orders #2", "INSERT shop.orders #3");
        assertThat(listener.changes.get(1).before()).isEqualTo(Row.of("1", "b"));
    }

    @Test
    void theInsertOfAKeyChangeTakesAnUnchangedToastValueFromTheFullOldRow() {
        ChangeAssembler assembler = new ChangeAssembler(listener, PRIMARY_KEY_ID);
        feed(assembler, relation(ORDERS, "orders", 'f'), begin(),
                message('U').int32(ORDERS).tuple('O', 2).text("1").text("big").tuple('N', 2).text("2").unchanged());

        assertThat(listener.changes.get(1).after()).isEqualTo(Row.of("2", "big"));
    }
}
