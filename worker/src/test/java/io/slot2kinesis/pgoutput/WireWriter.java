package io.slot2kinesis.pgoutput;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.postgresql.replication.LogSequenceNumber;

/** Writes pgoutput fixtures the way the protocol documentation lists them: big-endian, C strings. */
public final class WireWriter {
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static WireWriter message(char kind) {
        return new WireWriter().byte1(kind);
    }

    public WireWriter byte1(char value) {
        out.write(value);
        return this;
    }

    public WireWriter int8(int value) {
        out.write(value);
        return this;
    }

    public WireWriter int16(int value) {
        return int8(value >>> 8).int8(value);
    }

    public WireWriter int32(long value) {
        return int16((int) (value >>> 16)).int16((int) value);
    }

    public WireWriter int64(long value) {
        return int32(value >>> 32).int32(value);
    }

    public WireWriter lsn(String lsn) {
        return int64(LogSequenceNumber.valueOf(lsn).asLong());
    }

    public WireWriter timestamp(Instant time) {
        long micros = (time.getEpochSecond() - PG_EPOCH_SECONDS) * 1_000_000L + time.getNano() / 1_000;
        return int64(micros);
    }

    public WireWriter string(String value) {
        out.writeBytes(value.getBytes(UTF_8));
        return int8(0);
    }

    public WireWriter bytes(byte[] value) {
        out.writeBytes(value);
        return this;
    }

    /** TupleData: the column count; follow with {@link #nul()}, {@link #unchanged()}, {@link #text(String)}. */
    public WireWriter tuple(char tag, int columns) {
        return byte1(tag).int16(columns);
    }

    public WireWriter nul() {
        return byte1('n');
    }

    public WireWriter unchanged() {
        return byte1('u');
    }

    public WireWriter text(String value) {
        byte[] bytes = value.getBytes(UTF_8);
        return byte1('t').int32(bytes.length).bytes(bytes);
    }

    public WireWriter relationColumn(int flags, String name, int typeOid, int typeModifier) {
        return int8(flags).string(name).int32(typeOid).int32(typeModifier);
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    /** The message as pgjdbc hands it over: a heap buffer positioned at the payload start. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(toBytes());
    }

    /** The message in the middle of a larger array, with junk before and after, as a reused read buffer. */
    public ByteBuffer bufferAt(int offset) {
        byte[] bytes = toBytes();
        byte[] array = new byte[offset + bytes.length + 7];
        Arrays.fill(array, (byte) 0x7F);
        System.arraycopy(bytes, 0, array, offset, bytes.length);
        return ByteBuffer.wrap(array, offset, bytes.length);
    }

    /** The message in a slice of a larger array, so the buffer's array offset is not 0 either. */
    public ByteBuffer slicedBuffer(int offset) {
        int length = toBytes().length;
        int sliceStart = offset / 2;
        ByteBuffer slice = bufferAt(offset).clear().slice(sliceStart, offset - sliceStart + length + 3);
        return slice.position(offset - sliceStart).limit(offset - sliceStart + length);
    }

    public ByteBuffer directBuffer() {
        byte[] bytes = toBytes();
        return ByteBuffer.allocateDirect(bytes.length + 3).position(3).put(bytes).position(3);
    }
}
