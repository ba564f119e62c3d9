package io.slot2kinesis.change;

import static io.slot2kinesis.pgoutput.WireWriter.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slot2kinesis.pgoutput.PgOutputDecoder;
import io.slot2kinesis.pgoutput.PgOutputException;
import io.slot2kinesis.pgoutput.WireWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.postgresql.replication.LogSequenceNumber;

/** Feeds byte-level fixtures through the decoder into the assembler, as the replication loop does. */
class ChangeAssemblerTest {
    private static final Instant COMMIT_TIME = Instant.parse("2024-05-01T12:34:56.123456Z");
    private static final long ORDERS = 16384;
    private static final long ITEMS = 16390;

    private final PgOutputDecoder decoder = new PgOutputDecoder();
    private final RecordingListener listener = new RecordingListener();
    private final ChangeAssembler assembler = new ChangeAssembler(listener);

    private void feed(String walPosition, WireWriter message) {
        LogSequenceNumber lsn = LogSequenceNumber.valueOf(walPosition);
        assembler.accept(decoder.decode(message.buffer(), lsn), lsn);
    }

    private static WireWriter ordersRelation() {
        return message('R').int32(ORDERS).string("shop").string("orders").byte1('d').int16(2)
                .relationColumn(1, "id", 20, -1)
                .relationColumn(0, "note", 25, -1);
    }

    private static WireWriter begin(long xid, String finalLsn) {
        return message('B').lsn(finalLsn).timestamp(COMMIT_TIME).int32(xid);
    }

    private static WireWriter commit(String commitLsn, String endLsn) {
        return message('C').int8(0).lsn(commitLsn).lsn(endLsn).timestamp(COMMIT_TIME);
    }

    private static WireWriter insert(long relationOid, String id) {
        return message('I').int32(relationOid).tuple('N', 2).text(id).text("n" + id);
    }

    @Test
    void callsTheListenerForBeginChangesAndCommitInStreamOrder() {
        feed("0/100", begin(740, "0/1F0"));
        feed("0/100", ordersRelation());
        feed("0/110", insert(ORDERS, "1"));
        feed("0/1F0", commit("0/1F0", "0/220"));

        assertThat(listener.calls).containsExactly(
                "begin 740", "relation shop.orders before #1", "INSERT shop.orders #1", "commit 740 up to 0/220");
    }

    @Test
    void takesTheTransactionFromBeginWithItsFinalLsnAsCommitLsn() {
        feed("0/100", ordersRelation());
        feed("0/100", begin(740, "0/1F0"));
        feed("0/110", insert(ORDERS, "1"));

        Transaction expected = new Transaction(740, LogSequenceNumber.valueOf("0/1F0"), COMMIT_TIME);
        assertThat(assembler.transaction()).isEqualTo(expected);
        assertThat(listener.changes.getFirst().transaction()).isEqualTo(expected);
    }

    @Test
    void numbersChangesWithinATransactionFromOne() {
        feed("0/100", ordersRelation());
        feed("0/100", begin(740, "0/1F0"));
        feed("0/110", insert(ORDERS, "1"));
        feed("0/120", insert(ORDERS, "2"));
        feed("0/130", insert(ORDERS, "3"));
        feed("0/1F0", commit("0/1F0", "0/220"));
        feed("0/300", begin(741, "0/3F0"));
        feed("0/310", insert(ORDERS, "4"));

        assertThat(listener.changes).extracting(ChangeEvent::position).containsExactly(1L, 2L, 3L, 1L);
    }

    @Test
    void stampsEachChangeWithTheWalPositionOfItsMessage() {
        feed("0/100", ordersRelation());
        feed("0/100", begin(740, "0/1F0"));
        feed("0/110", insert(ORDERS, "1"));
        feed("0/148", insert(ORDERS, "2"));

        assertThat(listener.changes).extracting(ChangeEvent::lsn)
                .containsExactly(LogSequenceNumber.valueOf("0/110"), LogSequenceNumber.valueOf("0/148"));
    }

    @Test
    void assemblesInsertWithAfterOnly() {
        feed("0/100", ordersRelation());
        feed("0/100", begin(740, "0/1F0"));
        feed("0/110", insert(ORDERS, "1"));

        ChangeEvent insert = listener.changes.getFirst();
        assertThat(insert.operation()).isEqualTo(Operation.INSERT);
        assertThat(insert.table()).isEqualTo(assembler.table(ORDERS));
        assertThat(insert.before()).isNull();
        assertThat(insert.after()).isEqualTo(Row.of("1", "n1"));
    }

    @Test
    void takesBeforeFromTheOldKeyTupleOfAnUpdate() {
        feed("0/100", ordersRelation());
        feed("0/100", begin(740, "0/1F0"));
        // PostgreSQL also sends the old key when it did not change but is stored out of line.
        feed("0/110", message('U').int32(ORDERS).tuple('K', 2).text("1").nul().tuple('N', 2).text("1").unchanged());

        ChangeEvent update = listener.changes.getFirst();
        assertThat(update.operation()).isEqualTo(Operation.UPDATE);
        assertThat(update.before()).isEqualTo(Row.of("1", null));
        assertThat(update.after()).isEqualTo(Row.of("1", Row.unchanged()));
        assertThat(update.after().isUnchangedToast(1)).isTrue();
    }

    @Test
    void takesBeforeFromTheOldFullTupleOfAnUpdate() {
        feed("0/100", ordersRelation());
        feed("0/100", begin(740, "0/1F0"));
        feed("0/110", message('U').int32(ORDERS).tuple('O', 2).text("1").text("a").tuple('N', 2).text("1").text("b"));

        assertThat(listener.changes.getFirst().before()).isEqualTo(Row.of("1", "a"));
    }

    @Test
    void leavesBeforeNullForAnUpdateWithoutOldTuple() {
        feed("0/100", ordersRelation());
        feed("0/100", begin(740, "0/1F0"));
        feed("0/110", message('U').int32(ORDERS).tuple('N', 2).text("1").text("b"));

        assertThat(listener.changes.getFirst().before()).isNull();
    }

    @Test
    void assemblesDeleteWithBeforeOnly() {
        feed("0/100", ordersRelation());
        feed("0/100", begin(740, "0/1F0"));
        feed("0/110", message('D').int32(ORDERS).tuple('K', 2).text("1").nul());

        ChangeEvent delete = listener.changes.getFirst();
        assertThat(delete.operation()).isEqualTo(Operation.DELETE);
        assertThat(delete.before()).isEqualTo(Row.of("1", null));
        assertThat(delete.after()).isNull();
    }

    @Test
    void emitsOneTruncateChangePerTruncatedRelation() {
        feed("0/100", ordersRelation());
        feed("0/100", message('R').int32(ITEMS).string("shop").string("items").byte1('f').int16(1)
                .relationColumn(0, "sku", 25, -1));
        feed("0/100", begin(740, "0/1F0"));
        feed("0/110", message('T').int32(2).int8(1).int32(ORDERS).int32(ITEMS));

        assertThat(listener.calls).endsWith("TRUNCATE shop.orders #1", "TRUNCATE shop.items #2");
        assertThat(listener.changes).allSatisfy(truncate -> {
            assertThat(truncate.before()).isNull();
            assertThat(truncate.after()).isNull();
            assertThat(truncate.lsn()).isEqualTo(LogSequenceNumber.valueOf("0/110"));
        });
    }

    @Test
    void passesLogicalMessagesInAndOutsideTransactions() {
        feed("0/100", message('M').int8(0).lsn("0/100").string("s2k.heartbeat").int32(0));
        feed("0/200", begin(740, "0/2F0"));
        feed("0/210", message('M').int8(1).lsn("0/210").string("s2k.marker").int32(1).bytes(new byte[] {42}));

        assertThat(listener.calls).containsExactly("message s2k.heartbeat", "begin 740", "message s2k.marker");
        assertThat(listener.messages.get(1).transactional()).isTrue();
        assertThat(listener.messages.get(1).content()).containsExactly(42);
    }

    @Test
    void ignoresOriginMessages() {
        feed("0/200", begin(740, "0/2F0"));
        feed("0/200", message('O').lsn("0/9000").string("upstream"));

        assertThat(listener.calls).containsExactly("begin 740");
    }

    @Test
    void deliversEachChangeBeforeTheTransactionCommits() {
        feed("0/100", ordersRelation());
        feed("0/100", begin(740, "0/1F0"));
        for (int i = 1; i <= 10_000; i++) {
            feed("0/110", insert(ORDERS, Integer.toString(i)));
            assertThat(listener.changes).hasSize(i);
        }
        assertThat(listener.calls).doesNotContain("commit 740 up to 0/220");
    }

    @Test
    void rejectsChangeForUnknownRelationNamingItsOidAndPosition() {
        feed("0/100", begin(740, "0/1F0"));

        assertThatThrownBy(() -> feed("0/16B3748", insert(99999, "1")))
                .isInstanceOf(PgOutputException.class)
                .hasMessageStartingWith("INSERT for relation OID 99999 at WAL position 0/16B3748 arrived before any"
                        + " Relation message for it");
    }

    @Test
    void rejectsChangeOutsideATransaction() {
        feed("0/100", ordersRelation());

        assertThatThrownBy(() -> feed("0/16B3748", insert(ORDERS, "1")))
                .isInstanceOf(PgOutputException.class)
                .hasMessageStartingWith("INSERT for relation OID 16384 at WAL position 0/16B3748 arrived outside a"
                        + " transaction");
    }

    @Test
    void rejectsChangeAfterCommit() {
        feed("0/100", ordersRelation());
        feed("0/100", begin(740, "0/1F0"));
        feed("0/1F0", commit("0/1F0", "0/220"));

        assertThatThrownBy(() -> feed("0/230", message('D').int32(ORDERS).tuple('K', 2).text("1").nul()))
                .hasMessageStartingWith("DELETE for relation OID 16384 at WAL position 0/230 arrived outside");
    }

    @Test
    void rejectsBeginWhileATransactionIsOpen() {
        feed("0/100", begin(740, "0/1F0"));

        assertThatThrownBy(() -> feed("0/200", begin(741, "0/2F0")))
                .hasMessageStartingWith("Begin of xid 741 at WAL position 0/200 arrived while xid 740 is still open");
    }

    @Test
    void rejectsCommitWithoutBegin() {
        assertThatThrownBy(() -> feed("0/1F0", commit("0/1F0", "0/220")))
                .hasMessageStartingWith("Commit of 0/1F0 at WAL position 0/1F0 arrived without a Begin");
    }

    @Test
    void rejectsTupleWhoseWidthDiffersFromItsRelation() {
        feed("0/100", ordersRelation());
        feed("0/100", begin(740, "0/1F0"));

        assertThatThrownBy(() -> feed("0/110", message('I').int32(ORDERS).tuple('N', 1).text("1")))
                .hasMessage("INSERT for shop.orders (relation OID 16384) at WAL position 0/110 has 1 columns, but its"
                        + " Relation message described 2");
    }

    @Test
    void rejectsStreamedTransactionsSayingHowToTurnThemOff() {
        assertThatThrownBy(() -> feed("0/100", message('S').int32(740).int8(1)))
                .isInstanceOf(PgOutputException.class)
                .hasMessageContaining("at WAL position 0/100")
                .hasMessageContaining("proto_version 1");
    }

    @Test
    void keepsRelationsAcrossTransactions() {
        feed("0/100", ordersRelation());
        feed("0/100", begin(740, "0/1F0"));
        feed("0/1F0", commit("0/1F0", "0/220"));
        feed("0/300", begin(741, "0/3F0"));
        feed("0/310", insert(ORDERS, "1"));

        assertThat(listener.changes).singleElement().extracting(ChangeEvent::table).isEqualTo(assembler.table(ORDERS));
    }

    @Test
    void commitsTheTransactionOfBegin() {
        feed("0/100", begin(740, "0/1F0"));
        feed("0/1F0", commit("0/1F0", "0/220"));

        assertThat(assembler.transaction()).isNull();
        assertThat(listener.calls).containsExactly("begin 740", "commit 740 up to 0/220");
    }
}
