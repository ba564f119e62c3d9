package io.slot2kinesis.pgoutput;

import static io.slot2kinesis.pgoutput.WireWriter.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.pgoutput.PgOutputMessage.Begin;
import io.slot2kinesis.pgoutput.PgOutputMessage.Commit;
import io.slot2kinesis.pgoutput.PgOutputMessage.Delete;
import io.slot2kinesis.pgoutput.PgOutputMessage.Insert;
import io.slot2kinesis.pgoutput.PgOutputMessage.LogicalMessage;
import io.slot2kinesis.pgoutput.PgOutputMessage.Origin;
import io.slot2kinesis.pgoutput.PgOutputMessage.Relation;
import io.slot2kinesis.pgoutput.PgOutputMessage.RelationColumn;
import io.slot2kinesis.pgoutput.PgOutputMessage.Truncate;
import io.slot2kinesis.pgoutput.PgOutputMessage.Type;
import io.slot2kinesis.pgoutput.PgOutputMessage.Update;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.replication.LogSequenceNumber;

class PgOutputDecoderTest {
    private static final Instant COMMIT_TIME = Instant.parse("2024-05-01T12:34:56.123456Z");

    private final PgOutputDecoder decoder = new PgOutputDecoder();

    private PgOutputMessage decode(WireWriter message) {
        return decoder.decode(message.buffer(), LogSequenceNumber.valueOf("0/16B3748"));
    }

    @Test
    void decodesBeginWithFinalLsnCommitTimeAndUnsignedXid() {
        PgOutputMessage decoded = decode(message('B').lsn("1/A0000028").timestamp(COMMIT_TIME).int32(0xFFFF_FFF0L));

        assertThat(decoded).isEqualTo(new Begin(LogSequenceNumber.valueOf("1/A0000028"), COMMIT_TIME, 4_294_967_280L));
    }

    @Test
    void decodesCommitTimeBeforeThePostgresEpoch() {
        Instant beforeEpoch = Instant.parse("1999-12-31T23:59:59.999999Z");

        Begin begin = (Begin) decode(message('B').lsn("0/1").timestamp(beforeEpoch).int32(7));

        assertThat(begin.commitTime()).isEqualTo(beforeEpoch);
    }

    @Test
    void decodesCommitWithCommitAndEndLsn() {
        PgOutputMessage decoded = decode(message('C').int8(0).lsn("1/A0000028").lsn("1/A0000058").timestamp(COMMIT_TIME));

        assertThat(decoded).isEqualTo(new Commit(0, LogSequenceNumber.valueOf("1/A0000028"),
                LogSequenceNumber.valueOf("1/A0000058"), COMMIT_TIME));
    }

    @Test
    void decodesOrigin() {
        assertThat(decode(message('O').lsn("0/3000").string("upstream")))
                .isEqualTo(new Origin(LogSequenceNumber.valueOf("0/3000"), "upstream"));
    }

    @Test
    void decodesRelationWithKeyFlagsTypesAndModifiers() {
        PgOutputMessage decoded = decode(message('R').int32(16384).string("shop").string("orders").byte1('d').int16(3)
                .relationColumn(1, "id", 20, -1)
                .relationColumn(0, "note", 1043, 104)
                .relationColumn(0, "status", 70001, -1));

        assertThat(decoded).isEqualTo(new Relation(16384, "shop", "orders", ReplicaIdentity.DEFAULT, List.of(
                new RelationColumn(1, "id", 20, -1),
                new RelationColumn(0, "note", 1043, 104),
                new RelationColumn(0, "status", 70001, -1))));
        assertThat(((Relation) decoded).columns()).extracting(RelationColumn::isKey).containsExactly(true, false, false);
    }

    @Test
    void readsEmptyRelationNamespaceAsPgCatalog() {
        Relation relation = (Relation) decode(message('R').int32(1259).string("").string("pg_class").byte1('n').int16(0));

        assertThat(relation.namespace()).isEqualTo("pg_catalog");
        assertThat(relation.replicaIdentity()).isEqualTo(ReplicaIdentity.NOTHING);
    }

    @Test
    void decodesEveryReplicaIdentity() {
        for (ReplicaIdentity identity : ReplicaIdentity.values()) {
            Relation relation = (Relation) decode(message('R').int32(1).string("s").string("t").byte1(identity.code()).int16(0));

            assertThat(relation.replicaIdentity()).isEqualTo(identity);
        }
    }

    @Test
    void decodesType() {
        assertThat(decode(message('Y').int32(70001).string("shop").string("order_status")))
                .isEqualTo(new Type(70001, "shop", "order_status"));
    }

    @Test
    void decodesInsertWithTextAndNull() {
        PgOutputMessage decoded = decode(message('I').int32(16384).tuple('N', 3).text("42").nul().text(""));

        assertThat(decoded).isEqualTo(new Insert(16384, Row.of("42", null, "")));
    }

    @Test
    void decodesMultiByteUtf8Text() {
        String text = "Zürich 東京 🐘";

        Insert insert = (Insert) decode(message('I').int32(16384).tuple('N', 1).text(text));

        assertThat(insert.newTuple().text(0)).isEqualTo(text);
    }

    @Test
    void keepsUnchangedToastValueDistinctFromNull() {
        Update update = (Update) decode(message('U').int32(16384).tuple('N', 3).text("1").unchanged().nul());

        Row row = update.newTuple();
        assertThat(row.isUnchangedToast(1)).isTrue();
        assertThat(row.isNull(1)).isFalse();
        assertThat(row.isNull(2)).isTrue();
        assertThat(row.isUnchangedToast(2)).isFalse();
    }

    @Test
    void decodesUpdateWithoutOldTupleWhenTheKeyDidNotChange() {
        PgOutputMessage decoded = decode(message('U').int32(16384).tuple('N', 2).text("1").text("paid"));

        assertThat(decoded).isEqualTo(new Update(16384, null, null, Row.of("1", "paid")));
    }

    @Test
    void decodesUpdateWithOldKeyTupleUnderReplicaIdentityDefault() {
        PgOutputMessage decoded = decode(message('U').int32(16384)
                .tuple('K', 2).text("1").nul()
                .tuple('N', 2).text("2").text("paid"));

        Update update = (Update) decoded;
        assertThat(update).isEqualTo(new Update(16384, Row.of("1", null), null, Row.of("2", "paid")));
        assertThat(update.old()).isEqualTo(Row.of("1", null));
    }

    @Test
    void decodesUpdateWithOldFullTupleUnderReplicaIdentityFull() {
        PgOutputMessage decoded = decode(message('U').int32(16384)
                .tuple('O', 2).text("1").text("new")
                .tuple('N', 2).text("1").text("paid"));

        Update update = (Update) decoded;
        assertThat(update).isEqualTo(new Update(16384, null, Row.of("1", "new"), Row.of("1", "paid")));
        assertThat(update.old()).isEqualTo(Row.of("1", "new"));
    }

    @Test
    void decodesDeleteWithOldKeyTuple() {
        assertThat(decode(message('D').int32(16384).tuple('K', 2).text("1").nul()))
                .isEqualTo(new Delete(16384, Row.of("1", null), null));
    }

    @Test
    void decodesDeleteWithOldFullTuple() {
        assertThat(decode(message('D').int32(16384).tuple('O', 2).text("1").text("paid")))
                .isEqualTo(new Delete(16384, null, Row.of("1", "paid")));
    }

    @Test
    void decodesTruncateOptionsAndRelations() {
        Truncate truncate = (Truncate) decode(message('T').int32(2).int8(3).int32(16384).int32(0xFFFF_FFFEL));

        assertThat(truncate.relationOids()).containsExactly(16384L, 4_294_967_294L);
        assertThat(truncate.cascade()).isTrue();
        assertThat(truncate.restartIdentity()).isTrue();
        assertThat(((Truncate) decode(message('T').int32(1).int8(2).int32(1))).cascade()).isFalse();
    }

    @Test
    void decodesTransactionalAndNonTransactionalLogicalMessages() {
        byte[] content = "{\"beat\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        PgOutputMessage transactional = decode(message('M').int8(1).lsn("0/5000").string("s2k.heartbeat")
                .int32(content.length).bytes(content));
        PgOutputMessage immediate = decode(message('M').int8(0).lsn("0/5000").string("s2k.heartbeat").int32(0));

        assertThat(transactional)
                .isEqualTo(new LogicalMessage(true, LogSequenceNumber.valueOf("0/5000"), "s2k.heartbeat", content));
        assertThat(immediate)
                .isEqualTo(new LogicalMessage(false, LogSequenceNumber.valueOf("0/5000"), "s2k.heartbeat", new byte[0]));
    }

    @Test
    void decodesFromABufferWhosePositionIsNotZero() {
        WireWriter insert = message('I').int32(16384).tuple('N', 2).text("ünïcode").nul();

        ByteBuffer buffer = insert.bufferAt(13);
        PgOutputMessage decoded = decoder.decode(buffer);

        assertThat(decoded).isEqualTo(new Insert(16384, Row.of("ünïcode", null)));
        assertThat(buffer.position()).isEqualTo(buffer.limit());
    }

    @Test
    void decodesFromASliceWithANonZeroArrayOffset() {
        WireWriter relation = message('R').int32(16384).string("shop").string("orders").byte1('f').int16(1)
                .relationColumn(1, "id", 20, -1);

        ByteBuffer slice = relation.slicedBuffer(10);

        assertThat(slice.arrayOffset()).isNotZero();
        assertThat(((Relation) decoder.decode(slice)).name()).isEqualTo("orders");
    }

    @Test
    void decodesFromADirectBuffer() {
        WireWriter insert = message('I').int32(16384).tuple('N', 2).text("東京").unchanged();

        assertThat(decoder.decode(insert.directBuffer())).isEqualTo(new Insert(16384, Row.of("東京", Row.unchanged())));
    }

    @Test
    void decodesFromAReadOnlyBuffer() {
        WireWriter type = message('Y').int32(70001).string("shop").string("order_status");

        assertThat(decoder.decode(type.bufferAt(5).asReadOnlyBuffer())).isEqualTo(new Type(70001, "shop", "order_status"));
    }
}
