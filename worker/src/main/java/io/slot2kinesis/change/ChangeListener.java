package io.slot2kinesis.change;

import io.slot2kinesis.pgoutput.PgOutputMessage.LogicalMessage;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Receives what {@link ChangeAssembler} makes of the replication stream, in stream order, on the thread that
 * reads it. Every call happens as its message is decoded: nothing is held back until the commit.
 */
public interface ChangeListener {

    /** A transaction starts; its changes and then {@link #commit} follow. */
    void begin(Transaction transaction);

    /** One INSERT, UPDATE, DELETE, or TRUNCATE of one relation, numbered from 1 within its transaction. */
    void change(ChangeEvent event);

    /**
     * The transaction ended.
     *
     * @param endLsn the position the slot may be acknowledged up to (flushed) once this transaction, and
     *               everything before it, has been delivered
     */
    void commit(Transaction transaction, LogSequenceNumber endLsn);

    /**
     * A Relation message described a table whose name or columns differ from the ones known for it, or a table
     * seen for the first time. Called before any change that uses {@code current}.
     *
     * @param previous the schema known before: the one cached in this session, or for the first Relation message
     *                 of a session the last one an earlier session of this process saw in an earlier transaction
     *                 ({@link KnownSchemas}); null when there is none
     * @param nextPosition the number the transaction's next change will have: PostgreSQL sends a Relation message
     *                     just before the first change that needs it, so the schema change sits right before that
     *                     change. Positions count changes only, so replaying a transaction numbers its changes the
     *                     same way whether or not the Relation message is sent again.
     */
    void relationChanged(TableSchema previous, TableSchema current, long nextPosition);

    /** A {@code pg_logical_emit_message} message, inside a transaction when it is transactional. */
    void message(LogicalMessage message);
}
