package io.slot2kinesis.pgoutput;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Reads the protocol's primitives (big-endian integers, NUL-terminated strings, counted text) from one
 * message, from the buffer's position to its limit. Not thread-safe; reused from message to message.
 */
final class WireReader {
    /** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in Unix seconds. */
    private static final long PG_EPOCH_SECONDS = 946_684_800L;

    private ByteBuffer buffer;
    /** Values up to this size reuse {@link #scratch}; larger ones get a one-off copy so a huge value is not kept. */
    private static final int SCRATCH_LIMIT = 64 * 1024;

    /** Copy target for buffers without an accessible array (direct or read-only). */
    private byte[] scratch = new byte[256];

    void reset(ByteBuffer payload) {
        buffer = payload.order(ByteOrder.BIG_ENDIAN);
    }

    int remaining() {
        return buffer.remaining();
    }

    void expectEnd() {
        if (buffer.hasRemaining()) {
            throw new ProtocolViolation(buffer.remaining() + " unexpected bytes after the end of the message");
        }
    }

    byte byte1() {
        return buffer.get();
    }

    int uint8() {
        return buffer.get() & 0xFF;
    }

    int uint16() {
        return buffer.getShort() & 0xFFFF;
    }

    int int32() {
        return buffer.getInt();
    }

    /** An OID or xid: unsigned 32-bit on the wire. */
    long uint32() {
        return buffer.getInt() & 0xFFFF_FFFFL;
    }

    long int64() {
        return buffer.getLong();
    }

    LogSequenceNumber lsn() {
        return LogSequenceNumber.valueOf(buffer.getLong());
    }

    /** A TimestampTz: microseconds since 2000-01-01 UTC. */
    Instant timestamp() {
        long micros = buffer.getLong();
        return Instant.ofEpochSecond(
                PG_EPOCH_SECONDS + Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** A NUL-terminated UTF-8 string. */
    String cString() {
        int start = buffer.position();
        int end = indexOfNul(start, buffer.limit());
        if (end < 0) {
            throw new ProtocolViolation("string starting at byte " + start + " is not NUL-terminated");
        }
        String value = utf8(start, end - start);
        buffer.position(end + 1);
        return value;
    }

    /** A schema name; pgoutput sends an empty string for {@code pg_catalog}. */
    String namespace() {
        String namespace = cString();
        return namespace.isEmpty() ? "pg_catalog" : namespace;
    }

    /** An Int32 length followed by that many UTF-8 bytes. */
    String countedText() {
        int length = length();
        String value = utf8(buffer.position(), length);
        buffer.position(buffer.position() + length);
        return value;
    }

    /** An Int32 length followed by that many bytes, copied. */
    byte[] countedBytes() {
        byte[] bytes = new byte[length()];
        buffer.get(bytes);
        return bytes;
    }

    /** A count of items that each take at least {@code minBytes}; checked so garbage cannot allocate gigabytes. */
    int count(int count, int minBytes, String what) {
        if (count < 0 || (long) count * minBytes > buffer.remaining()) {
            throw new ProtocolViolation(what + " count " + count + " does not fit in the " + buffer.remaining()
                    + " bytes left");
        }
        return count;
    }

    private int length() {
        int length = buffer.getInt();
        if (length < 0 || length > buffer.remaining()) {
            throw new ProtocolViolation("length " + length + " at byte " + (buffer.position() - 4)
                    + " does not fit in the " + buffer.remaining() + " bytes left");
        }
        return length;
    }

    private int indexOfNul(int from, int to) {
        if (buffer.hasArray()) {
            byte[] array = buffer.array();
            int offset = buffer.arrayOffset();
            for (int i = from + offset, end = to + offset; i < end; i++) {
                if (array[i] == 0) {
                    return i - offset;
                }
            }
            return -1;
        }
        for (int i = from; i < to; i++) {
            if (buffer.get(i) == 0) {
                return i;
            }
        }
        return -1;
    }

    private String utf8(int index, int length) {
        if (length == 0) {
            return "";
        }
        if (buffer.hasArray()) {
            return new String(buffer.array(), buffer.arrayOffset() + index, length, UTF_8);
        }
        if (length > SCRATCH_LIMIT) {
            byte[] copy = new byte[length];
            buffer.get(index, copy, 0, length);
            return new String(copy, UTF_8);
        }
        if (scratch.length < length) {
            scratch = new byte[Math.min(SCRATCH_LIMIT, Math.max(length, scratch.length * 2))];
        }
        buffer.get(index, scratch, 0, length);
        return new String(scratch, 0, length, UTF_8);
    }
}
