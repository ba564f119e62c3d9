package io.slot2kinesis.pgoutput;

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
import io.slot2kinesis.pgoutput.PgOutputMessage.StreamAbort;
import io.slot2kinesis.pgoutput.PgOutputMessage.StreamCommit;
import io.slot2kinesis.pgoutput.PgOutputMessage.StreamStart;
import io.slot2kinesis.pgoutput.PgOutputMessage.StreamStop;
import io.slot2kinesis.pgoutput.PgOutputMessage.Streamed;
import io.slot2kinesis.pgoutput.PgOutputMessage.Truncate;
import io.slot2kinesis.pgoutput.PgOutputMessage.Type;
import io.slot2kinesis.pgoutput.PgOutputMessage.Update;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Decodes pgoutput messages (proto_version 1, and the streaming messages of version 2) in text mode.
 *
 * <p>Stateful and not thread-safe: inside a stream block (between {@code S} and {@code E}) change messages
 * carry an xid, so one decoder must see every message of a replication stream, in order.
 */
public final class PgOutputDecoder {
    private final WireReader in = new WireReader();
    private boolean inStreamBlock;

    /** Decodes one message whose WAL position is unknown; see {@link #decode(ByteBuffer, LogSequenceNumber)}. */
    public PgOutputMessage decode(ByteBuffer payload) {
        return decode(payload, null);
    }

    /**
     * Decodes the message between the buffer's position and limit and leaves the position at the limit.
     * Sets the buffer's byte order to big-endian. Text values are copied out: the buffer may be reused after.
     *
     * @param walPosition where the message was read (pgjdbc's {@code getLastReceiveLSN()}), for errors; may be null
     * @throws PgOutputException when the bytes do not form a complete, supported pgoutput message
     */
    public PgOutputMessage decode(ByteBuffer payload, LogSequenceNumber walPosition) {
        int size = payload.remaining();
        if (size == 0) {
            throw new PgOutputException("empty pgoutput message" + PgOutputException.at(walPosition));
        }
        in.reset(payload);
        MessageKind kind = MessageKind.of(in.byte1(), walPosition);
        try {
            PgOutputMessage message = body(kind);
            in.expectEnd();
            return message;
        } catch (ProtocolViolation | BufferUnderflowException e) {
            String detail = e.getMessage() != null ? e.getMessage() : "the message ends early";
            throw new PgOutputException("cannot decode pgoutput message '" + kind.code() + "' (" + kind + ")"
                    + PgOutputException.at(walPosition) + ", " + size + " bytes: " + detail, e);
        }
    }

    private PgOutputMessage body(MessageKind kind) {
        return switch (kind) {
            case BEGIN -> begin();
            case COMMIT -> commit();
            case ORIGIN -> origin();
            case STREAM_START -> streamStart();
            case STREAM_STOP -> streamStop();
            case STREAM_COMMIT -> streamCommit();
            case STREAM_ABORT -> streamAbort();
            case RELATION, TYPE, INSERT, UPDATE, DELETE, TRUNCATE, MESSAGE ->
                    inStreamBlock ? streamed(kind) : change(kind);
        };
    }

    private Streamed streamed(MessageKind kind) {
        long xid = in.uint32();
        return new Streamed(xid, change(kind));
    }

    private PgOutputMessage change(MessageKind kind) {
        return switch (kind) {
            case RELATION -> relation();
            case TYPE -> type();
            case INSERT -> insert();
            case UPDATE -> update();
            case DELETE -> delete();
            case TRUNCATE -> truncate();
            case MESSAGE -> logicalMessage();
            default -> throw new IllegalArgumentException(kind + " carries no xid in a stream block");
        };
    }

    private Begin begin() {
        return new Begin(in.lsn(), in.timestamp(), in.uint32());
    }

    private Commit commit() {
        return new Commit(in.uint8(), in.lsn(), in.lsn(), in.timestamp());
    }

    private Origin origin() {
        return new Origin(in.lsn(), in.cString());
    }

    private Relation relation() {
        long oid = in.uint32();
        String namespace = in.namespace();
        String name = in.cString();
        ReplicaIdentity identity = replicaIdentity(in.byte1());
        // Smallest column: flags, empty name's NUL, type OID, typmod.
        RelationColumn[] columns = new RelationColumn[in.count(in.uint16(), 10, "column")];
        for (int i = 0; i < columns.length; i++) {
            columns[i] = new RelationColumn(in.uint8(), in.cString(), in.int32(), in.int32());
        }
        return new Relation(oid, namespace, name, identity, Arrays.asList(columns));
    }

    private Type type() {
        return new Type(in.int32(), in.namespace(), in.cString());
    }

    private Insert insert() {
        long relationOid = in.uint32();
        expectTag(in.byte1(), 'N');
        return new Insert(relationOid, tuple());
    }

    private Update update() {
        long relationOid = in.uint32();
        byte tag = in.byte1();
        Row oldKey = null;
        Row oldTuple = null;
        if (tag == 'K') {
            oldKey = tuple();
            tag = in.byte1();
        } else if (tag == 'O') {
            oldTuple = tuple();
            tag = in.byte1();
        }
        expectTag(tag, 'N');
        return new Update(relationOid, oldKey, oldTuple, tuple());
    }

    private Delete delete() {
        long relationOid = in.uint32();
        byte tag = in.byte1();
        return switch (tag) {
            case 'K' -> new Delete(relationOid, tuple(), null);
            case 'O' -> new Delete(relationOid, null, tuple());
            default -> throw new ProtocolViolation(
                    "expected old tuple tag 'K' or 'O', got " + MessageKind.describe(tag));
        };
    }

    private Truncate truncate() {
        int count = in.int32();
        int options = in.uint8();
        Long[] oids = new Long[in.count(count, 4, "relation")];
        for (int i = 0; i < oids.length; i++) {
            oids[i] = in.uint32();
        }
        return new Truncate(options, Arrays.asList(oids));
    }

    private LogicalMessage logicalMessage() {
        boolean transactional = (in.uint8() & 1) != 0;
        return new LogicalMessage(transactional, in.lsn(), in.cString(), in.countedBytes());
    }

    private StreamStart streamStart() {
        inStreamBlock = true;
        return new StreamStart(in.uint32(), in.uint8() == 1);
    }

    private StreamStop streamStop() {
        inStreamBlock = false;
        return new StreamStop();
    }

    private StreamCommit streamCommit() {
        return new StreamCommit(in.uint32(), in.uint8(), in.lsn(), in.lsn(), in.timestamp());
    }

    private StreamAbort streamAbort() {
        long xid = in.uint32();
        long subXid = in.uint32();
        if (in.remaining() == 0) {
            return new StreamAbort(xid, subXid, null, null);
        }
        return new StreamAbort(xid, subXid, in.lsn(), in.timestamp());
    }

    /** TupleData: Int16 column count, then per column a kind byte and, for text, a counted value. */
    private Row tuple() {
        String[] values = new String[in.count(in.uint16(), 1, "tuple column")];
        for (int i = 0; i < values.length; i++) {
            byte kind = in.byte1();
            values[i] = switch (kind) {
                case 'n' -> null;
                case 'u' -> Row.unchanged();
                case 't' -> in.countedText();
                case 'b' -> throw new ProtocolViolation("column " + (i + 1) + " of " + values.length
                        + " is in binary format ('b'), which slot2kinesis does not support:"
                        + " start the stream without the slot option binary=true");
                default -> throw new ProtocolViolation("column " + (i + 1) + " of " + values.length
                        + " has unknown tuple data kind " + MessageKind.describe(kind) + ": expected n, u, t or b");
            };
        }
        return Row.of(values);
    }

    private static void expectTag(byte tag, char expected) {
        if (tag != expected) {
            throw new ProtocolViolation("expected tuple tag '" + expected + "', got " + MessageKind.describe(tag));
        }
    }

    private static ReplicaIdentity replicaIdentity(byte code) {
        try {
            return ReplicaIdentity.fromCode((char) code);
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation(e.getMessage());
        }
    }
}
