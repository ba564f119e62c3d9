package io.slot2kinesis.pgoutput;

import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.postgresql.replication.LogSequenceNumber;

/**
 * One decoded pgoutput message: the payload of one XLogData message of the replication stream.
 *
 * <p>Object identifiers are unsigned 32-bit on the wire: relation OIDs and xids are widened to {@code long}
 * so they read as PostgreSQL prints them; type OIDs stay {@code int}, as in {@link io.slot2kinesis.change.Column}.
 */
public sealed interface PgOutputMessage {

    MessageKind kind();

    /** {@code B}: a transaction starts; its changes follow, up to the matching {@link Commit}. */
    record Begin(LogSequenceNumber finalLsn, Instant commitTime, long xid) implements PgOutputMessage {
        public MessageKind kind() {
            return MessageKind.BEGIN;
        }
    }

    /** {@code C}: the transaction ends; everything up to {@code endLsn} may be acknowledged once delivered. */
    record Commit(int flags, LogSequenceNumber commitLsn, LogSequenceNumber endLsn, Instant commitTime)
            implements PgOutputMessage {
        public MessageKind kind() {
            return MessageKind.COMMIT;
        }
    }

    /** {@code O}: the transaction was replicated into this server from the named origin. */
    record Origin(LogSequenceNumber commitLsn, String name) implements PgOutputMessage {
        public MessageKind kind() {
            return MessageKind.ORIGIN;
        }
    }

    /**
     * {@code R}: the current shape of a table, sent before its first change in a session and after it changes.
     *
     * @param namespace the schema; {@code pg_catalog} where the wire carries an empty string
     */
    record Relation(
            long oid, String namespace, String name, ReplicaIdentity replicaIdentity, List<RelationColumn> columns)
            implements PgOutputMessage {
        public Relation {
            columns = List.copyOf(columns);
        }

        public MessageKind kind() {
            return MessageKind.RELATION;
        }
    }

    /** One column of a {@link Relation}; {@code typeModifier} is -1 when the type has none. */
    record RelationColumn(int flags, String name, int typeOid, int typeModifier) {
        /** Flag bit 1: the column is part of the replica identity. */
        public boolean isKey() {
            return (flags & 1) != 0;
        }
    }

    /** {@code Y}: a type that is not built in (enum, domain, composite, their arrays), sent before first use. */
    record Type(int oid, String namespace, String name) implements PgOutputMessage {
        public MessageKind kind() {
            return MessageKind.TYPE;
        }
    }

    /** {@code I}: a row was inserted. */
    record Insert(long relationOid, Row newTuple) implements PgOutputMessage {
        public MessageKind kind() {
            return MessageKind.INSERT;
        }
    }

    /**
     * {@code U}: a row was updated.
     *
     * @param oldKey   the {@code K} tuple: the old replica identity columns (others null), sent under
     *                 DEFAULT or INDEX only when the key changed; null otherwise
     * @param oldTuple the {@code O} tuple: every old column, sent under REPLICA IDENTITY FULL; null otherwise
     */
    record Update(long relationOid, Row oldKey, Row oldTuple, Row newTuple) implements PgOutputMessage {
        public MessageKind kind() {
            return MessageKind.UPDATE;
        }

        /** Whichever old tuple was sent, or null. */
        public Row old() {
            return oldKey != null ? oldKey : oldTuple;
        }
    }

    /** {@code D}: a row was deleted; exactly one of {@code oldKey} ({@code K}) and {@code oldTuple} ({@code O}). */
    record Delete(long relationOid, Row oldKey, Row oldTuple) implements PgOutputMessage {
        public MessageKind kind() {
            return MessageKind.DELETE;
        }

        public Row old() {
            return oldKey != null ? oldKey : oldTuple;
        }
    }

    /** {@code T}: the relations were truncated together. */
    record Truncate(int options, List<Long> relationOids) implements PgOutputMessage {
        public static final int CASCADE = 1;
        public static final int RESTART_IDENTITY = 2;

        public Truncate {
            relationOids = List.copyOf(relationOids);
        }

        public MessageKind kind() {
            return MessageKind.TRUNCATE;
        }

        public boolean cascade() {
            return (options & CASCADE) != 0;
        }

        public boolean restartIdentity() {
            return (options & RESTART_IDENTITY) != 0;
        }
    }

    /** {@code M}: written by {@code pg_logical_emit_message}; our heartbeats travel this way. */
    record LogicalMessage(boolean transactional, LogSequenceNumber lsn, String prefix, byte[] content)
            implements PgOutputMessage {
        public MessageKind kind() {
            return MessageKind.MESSAGE;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LogicalMessage that && transactional == that.transactional
                    && lsn.equals(that.lsn) && prefix.equals(that.prefix) && Arrays.equals(content, that.content);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * lsn.hashCode() + prefix.hashCode()) + Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return "LogicalMessage[transactional=" + transactional + ", lsn=" + lsn.asString() + ", prefix=" + prefix
                    + ", content=" + content.length + " bytes]";
        }
    }

    /** {@code S} (proto_version 2): a block of an in-progress transaction follows, up to {@link StreamStop}. */
    record StreamStart(long xid, boolean firstSegment) implements PgOutputMessage {
        public MessageKind kind() {
            return MessageKind.STREAM_START;
        }
    }

    /** {@code E} (proto_version 2): the current block of a streamed transaction ends. */
    record StreamStop() implements PgOutputMessage {
        public MessageKind kind() {
            return MessageKind.STREAM_STOP;
        }
    }

    /** {@code c} (proto_version 2): a streamed transaction committed. */
    record StreamCommit(long xid, int flags, LogSequenceNumber commitLsn, LogSequenceNumber endLsn, Instant commitTime)
            implements PgOutputMessage {
        public MessageKind kind() {
            return MessageKind.STREAM_COMMIT;
        }
    }

    /**
     * {@code A} (proto_version 2): a streamed (sub)transaction aborted; {@code subXid} equals {@code xid} for the
     * top level. {@code abortLsn} and {@code abortTime} come with proto_version 4 only, null before.
     */
    record StreamAbort(long xid, long subXid, LogSequenceNumber abortLsn, Instant abortTime)
            implements PgOutputMessage {
        public MessageKind kind() {
            return MessageKind.STREAM_ABORT;
        }
    }

    /**
     * A message inside a {@link StreamStart}/{@link StreamStop} block, which carries the xid it belongs to;
     * {@link #kind()} is the wrapped message's.
     */
    record Streamed(long xid, PgOutputMessage message) implements PgOutputMessage {
        public MessageKind kind() {
            return message.kind();
        }
    }
}
