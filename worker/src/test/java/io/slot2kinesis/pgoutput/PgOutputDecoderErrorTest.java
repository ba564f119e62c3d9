package io.slot2kinesis.pgoutput;

import static io.slot2kinesis.pgoutput.WireWriter.message;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.postgresql.replication.LogSequenceNumber;

class PgOutputDecoderErrorTest {
    private static final LogSequenceNumber WAL_POSITION = LogSequenceNumber.valueOf("0/16B3748");

    private final PgOutputDecoder decoder = new PgOutputDecoder();

    @Test
    void rejectsUnknownMessageByteNamingIt() {
        assertThatThrownBy(() -> decoder.decode(message('Z').int32(1).buffer(), WAL_POSITION))
                .isInstanceOf(PgOutputException.class)
                .hasMessageStartingWith("unknown pgoutput message byte 0x5a ('Z') at WAL position 0/16B3748:"
                        + " expected one of B, C, O, R, Y, I, U, D, T, M, S, E, c, A");
    }

    @Test
    void rejectsUnprintableMessageByteInHex() {
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(new byte[] {(byte) 0xFE})))
                .isInstanceOf(PgOutputException.class)
                .hasMessageStartingWith("unknown pgoutput message byte 0xfe: expected one of");
    }

    @Test
    void namesTwoPhaseMessagesAsUnsupportedProtocolVersion() {
        assertThatThrownBy(() -> decoder.decode(message('P').buffer(), WAL_POSITION))
                .hasMessageContaining("0x50 ('P')")
                .hasMessageContaining("proto_version 3 and two_phase");
    }

    @Test
    void rejectsBinaryTupleDataSayingBinaryModeIsNotSupported() {
        ByteBuffer insert = message('I').int32(16384).tuple('N', 2).text("1").byte1('b').int32(4).int32(42).buffer();

        assertThatThrownBy(() -> decoder.decode(insert, WAL_POSITION))
                .isInstanceOf(PgOutputException.class)
                .hasMessage("cannot decode pgoutput message 'I' (INSERT) at WAL position 0/16B3748, 23 bytes:"
                        + " column 2 of 2 is in binary format ('b'), which slot2kinesis does not support:"
                        + " start the stream without the slot option binary=true");
    }

    @Test
    void rejectsUnknownTupleDataKind() {
        ByteBuffer insert = message('I').int32(16384).tuple('N', 1).byte1('x').buffer();

        assertThatThrownBy(() -> decoder.decode(insert, WAL_POSITION))
                .hasMessageEndingWith("column 1 of 1 has unknown tuple data kind 0x78 ('x'): expected n, u, t or b");
    }

    @Test
    void rejectsTruncatedMessageNamingItsKindAndPosition() {
        byte[] begin = message('B').lsn("0/1").int64(0).int32(7).toBytes();

        assertThatThrownBy(() -> decoder.decode(ByteBuffer.wrap(begin, 0, begin.length - 2), WAL_POSITION))
                .isInstanceOf(PgOutputException.class)
                .hasMessage("cannot decode pgoutput message 'B' (BEGIN) at WAL position 0/16B3748, 19 bytes:"
                        + " the message ends early");
    }

    @Test
    void rejectsTextLengthBeyondTheMessage() {
        ByteBuffer insert = message('I').int32(16384).tuple('N', 1).byte1('t').int32(1000).bytes(new byte[] {'a'}).buffer();

        assertThatThrownBy(() -> decoder.decode(insert, WAL_POSITION))
                .hasMessageEndingWith("length 1000 at byte 9 does not fit in the 1 bytes left");
    }

    @Test
    void rejectsStringWithoutNulTerminator() {
        ByteBuffer origin = message('O').lsn("0/1").bytes("upstream".getBytes()).buffer();

        assertThatThrownBy(() -> decoder.decode(origin, WAL_POSITION))
                .hasMessageEndingWith("string starting at byte 9 is not NUL-terminated");
    }

    @Test
    void rejectsTrailingBytes() {
        ByteBuffer stop = message('E').int8(0).int8(0).buffer();

        assertThatThrownBy(() -> decoder.decode(stop, WAL_POSITION))
                .hasMessageEndingWith("2 unexpected bytes after the end of the message");
    }

    @Test
    void rejectsColumnCountThatCannotFitTheMessage() {
        ByteBuffer insert = message('I').int32(16384).tuple('N', 60_000).buffer();

        assertThatThrownBy(() -> decoder.decode(insert, WAL_POSITION))
                .hasMessageEndingWith("tuple column count 60000 does not fit in the 0 bytes left");
    }

    @Test
    void rejectsMissingNewTupleTag() {
        ByteBuffer insert = message('I').int32(16384).tuple('K', 0).buffer();

        assertThatThrownBy(() -> decoder.decode(insert, WAL_POSITION))
                .hasMessageEndingWith("expected tuple tag 'N', got 0x4b ('K')");
    }

    @Test
    void rejectsDeleteWithoutOldTuple() {
        ByteBuffer delete = message('D').int32(16384).tuple('N', 0).buffer();

        assertThatThrownBy(() -> decoder.decode(delete, WAL_POSITION))
                .hasMessageEndingWith("expected old tuple tag 'K' or 'O', got 0x4e ('N')");
    }

    @Test
    void rejectsUnknownReplicaIdentity() {
        ByteBuffer relation = message('R').int32(1).string("s").string("t").byte1('x').int16(0).buffer();

        assertThatThrownBy(() -> decoder.decode(relation, WAL_POSITION))
                .hasMessageEndingWith("unknown replica identity 'x': expected d, n, f or i");
    }

    @Test
    void rejectsEmptyMessage() {
        assertThatThrownBy(() -> decoder.decode(ByteBuffer.allocate(0), WAL_POSITION))
                .isInstanceOf(PgOutputException.class)
                .hasMessage("empty pgoutput message at WAL position 0/16B3748");
    }
}
