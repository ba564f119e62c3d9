package io.slot2kinesis.pgoutput;

import static io.slot2kinesis.pgoutput.WireWriter.message;
import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.change.Row;
import io.slot2kinesis.pgoutput.PgOutputMessage.Insert;
import io.slot2kinesis.pgoutput.PgOutputMessage.LogicalMessage;
import io.slot2kinesis.pgoutput.PgOutputMessage.StreamAbort;
import io.slot2kinesis.pgoutput.PgOutputMessage.StreamCommit;
import io.slot2kinesis.pgoutput.PgOutputMessage.StreamStart;
import io.slot2kinesis.pgoutput.PgOutputMessage.StreamStop;
import io.slot2kinesis.pgoutput.PgOutputMessage.Streamed;
import io.slot2kinesis.pgoutput.PgOutputMessage.Type;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.postgresql.replication.LogSequenceNumber;

/** proto_version 2: in-progress transactions streamed in blocks, whose change messages carry the xid. */
class PgOutputStreamingDecoderTest {
    private static final Instant COMMIT_TIME = Instant.parse("2024-05-01T12:34:56Z");

    private final PgOutputDecoder decoder = new PgOutputDecoder();

    @Test
    void decodesStreamStartAndStop() {
        assertThat(decoder.decode(message('S').int32(901).int8(1).buffer())).isEqualTo(new StreamStart(901, true));
        assertThat(decoder.decode(message('E').buffer())).isEqualTo(new StreamStop());
        assertThat(decoder.decode(message('S').int32(901).int8(0).buffer())).isEqualTo(new StreamStart(901, false));
    }

    @Test
    void readsTheXidOfChangesInsideAStreamBlock() {
        decoder.decode(message('S').int32(901).int8(1).buffer());

        PgOutputMessage insert = decoder.decode(message('I').int32(901).int32(16384).tuple('N', 1).text("1").buffer());
        PgOutputMessage type = decoder.decode(message('Y').int32(902).int32(70001).string("shop").string("mood").buffer());
        PgOutputMessage heartbeat = decoder.decode(message('M').int32(901).int8(1).lsn("0/9").string("p").int32(0).buffer());

        assertThat(insert).isEqualTo(new Streamed(901, new Insert(16384, Row.of("1"))));
        assertThat(insert.kind()).isEqualTo(MessageKind.INSERT);
        assertThat(type).isEqualTo(new Streamed(902, new Type(70001, "shop", "mood")));
        assertThat(heartbeat).isEqualTo(new Streamed(901,
                new LogicalMessage(true, LogSequenceNumber.valueOf("0/9"), "p", new byte[0])));
    }

    @Test
    void readsChangesWithoutXidAfterTheStreamBlockStops() {
        decoder.decode(message('S').int32(901).int8(1).buffer());
        decoder.decode(message('E').buffer());

        PgOutputMessage insert = decoder.decode(message('I').int32(16384).tuple('N', 1).text("1").buffer());

        assertThat(insert).isEqualTo(new Insert(16384, Row.of("1")));
    }

    @Test
    void decodesStreamCommit() {
        PgOutputMessage decoded = decoder.decode(
                message('c').int32(901).int8(0).lsn("0/A000").lsn("0/A030").timestamp(COMMIT_TIME).buffer());

        assertThat(decoded).isEqualTo(new StreamCommit(901, 0, LogSequenceNumber.valueOf("0/A000"),
                LogSequenceNumber.valueOf("0/A030"), COMMIT_TIME));
    }

    @Test
    void decodesStreamAbortOfASubtransaction() {
        assertThat(decoder.decode(message('A').int32(901).int32(905).buffer()))
                .isEqualTo(new StreamAbort(901, 905, null, null));
    }

    @Test
    void decodesStreamAbortWithTheLsnAndTimeOfProtocolVersion4() {
        PgOutputMessage decoded = decoder.decode(
                message('A').int32(901).int32(901).lsn("0/B000").timestamp(COMMIT_TIME).buffer());

        assertThat(decoded).isEqualTo(new StreamAbort(901, 901, LogSequenceNumber.valueOf("0/B000"), COMMIT_TIME));
    }
}
