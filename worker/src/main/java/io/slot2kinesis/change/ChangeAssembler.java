package io.slot2kinesis.change;

import io.slot2kinesis.pgoutput.PgOutputException;
import io.slot2kinesis.pgoutput.PgOutputMessage;
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
import io.slot2kinesis.pgoutput.PgTypes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Turns decoded pgoutput messages into {@link ChangeEvent}s for a {@link ChangeListener}.
 *
 * <p>Holds the relations and types PostgreSQL described in this session and the open transaction, never the
 * transaction's changes: each is handed on as its message arrives, so memory does not grow with transaction
 * size. One assembler per replication session, fed every message in order; not thread-safe.
 */
public final class ChangeAssembler {
    private final ChangeListener listener;
    private final TableResolver resolver;
    private final Map<Long, TableSchema> tables = new HashMap<>();
    private final Map<Integer, String> typeNames = new HashMap<>();
    private final TypeResolver types;
    private final KnownSchemas known;
    private final Map<Integer, TypeResolver.BaseType> baseTypes = new HashMap<>();
    private Transaction transaction;
    private long position;

    /** An assembler that takes names from the Relation messages and keys as {@link TableResolver#RELATION_MESSAGE}. */
    public ChangeAssembler(ChangeListener listener) {
        this(listener, TableResolver.RELATION_MESSAGE, TypeResolver.NONE, new KnownSchemas());
    }

    /** An assembler with the relation message's names and keys (see above). */
    public ChangeAssembler(ChangeListener listener, TypeResolver types, KnownSchemas known) {
        this(listener, TableResolver.RELATION_MESSAGE, types, known);
    }

    /** An assembler resolving names and keys with {@code resolver}, without types or earlier sessions. */
    public ChangeAssembler(ChangeListener listener, TableResolver resolver) {
        this(listener, resolver, TypeResolver.NONE, new KnownSchemas());
    }

    /**
     * @param resolver names and keys each relation once per Relation message (the worker's reads the catalog)
     * @param types    resolves the non-built-in types of Relation messages (domains) to the type they render as
     * @param known    the schemas earlier sessions of this process saw, which this one adds to: the first Relation
     *                 message of a relation in this session is compared with them
     */
    public ChangeAssembler(ChangeListener listener, TableResolver resolver, TypeResolver types, KnownSchemas known) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.types = Objects.requireNonNull(types, "types");
        this.known = Objects.requireNonNull(known, "known");
    }

    /**
     * Applies one message and calls the listener for it.
     *
     * @param walPosition the WAL position the message was read at (pgjdbc's {@code getLastReceiveLSN()}); becomes
     *                    the {@link ChangeEvent#lsn()} of the changes it carries
     * @throws PgOutputException when the message breaks the protocol's order: a change outside a transaction or
     *                           for a relation never described, or a streamed transaction
     */
    public void accept(PgOutputMessage message, LogSequenceNumber walPosition) {
        switch (message) {
            case Begin begin -> begin(begin, walPosition);
            case Commit commit -> commit(commit, walPosition);
            case Relation relation -> relation(relation);
            case Type type -> typeNames.put(type.oid(), type.name());
            case Insert insert -> change(Operation.INSERT, insert.relationOid(), null, insert.newTuple(), walPosition);
            case Update update ->
                    change(Operation.UPDATE, update.relationOid(), update.old(), update.newTuple(), walPosition);
            case Delete delete -> change(Operation.DELETE, delete.relationOid(), delete.old(), null, walPosition);
            case Truncate truncate -> {
                for (long relationOid : truncate.relationOids()) {
                    change(Operation.TRUNCATE, relationOid, null, null, walPosition);
                }
            }
            case LogicalMessage logicalMessage -> listener.message(logicalMessage);
            // Which origins to replicate is the publication's choice (publish origin); nothing to do here.
            case Origin origin -> { }
            case StreamStart s -> throw streamingNotSupported(walPosition);
            case StreamStop s -> throw streamingNotSupported(walPosition);
            case StreamCommit s -> throw streamingNotSupported(walPosition);
            case StreamAbort s -> throw streamingNotSupported(walPosition);
            case Streamed s -> throw streamingNotSupported(walPosition);
        }
    }

    /** The schema the last Relation message gave the relation, or null if none arrived in this session. */
    public TableSchema table(long relationOid) {
        return tables.get(relationOid);
    }

    /** The open transaction, or null between a Commit and the next Begin. */
    public Transaction transaction() {
        return transaction;
    }

    private void begin(Begin begin, LogSequenceNumber walPosition) {
        if (transaction != null) {
            throw new PgOutputException("Begin of xid " + begin.xid() + PgOutputException.at(walPosition)
                    + " arrived while xid " + transaction.xid() + " is still open: the stream lost a Commit;"
                    + " restart streaming from the slot's confirmed position");
        }
        transaction = new Transaction(begin.xid(), begin.finalLsn(), begin.commitTime());
        position = 0;
        listener.begin(transaction);
    }

    private void commit(Commit commit, LogSequenceNumber walPosition) {
        if (transaction == null) {
            throw new PgOutputException("Commit of " + commit.commitLsn().asString() + PgOutputException.at(walPosition)
                    + " arrived without a Begin: restart streaming from the slot's confirmed position");
        }
        Transaction committed = transaction;
        transaction = null;
        listener.commit(committed, commit.endLsn());
    }

    private void relation(Relation relation) {
        List<Column> columns = new ArrayList<>(relation.columns().size());
        for (RelationColumn column : relation.columns()) {
            columns.add(new Column(column.name(), column.typeOid(), typeName(column.typeOid()),
                    column.typeModifier(), column.isKey()).renderedAs(baseType(column.typeOid())));
        }
        TableSchema current = resolver.resolve(new TableSchema(relation.oid(),
                new TableId(relation.namespace(), relation.name()), relation.replicaIdentity(), columns));
        TableSchema previous = tables.put(relation.oid(), current);
        if (transaction != null) {
            if (previous == null) {
                previous = known.before(relation.oid(), transaction.commitLsn());
            }
            known.seen(current, transaction.commitLsn());
        }
        // A rename sends a Relation message with the same OID and columns under the new name.
        if (previous == null || !previous.columns().equals(current.columns()) || !previous.id().equals(current.id())) {
            listener.relationChanged(previous, current, position + 1);
        }
    }

    /** Built-in types are no domains; others are looked up once per session (a Relation message is rare). */
    private TypeResolver.BaseType baseType(int oid) {
        if (PgTypes.name(oid) != null) {
            return null;
        }
        if (!baseTypes.containsKey(oid)) {
            baseTypes.put(oid, types.baseType(oid));
        }
        return baseTypes.get(oid);
    }

    /** Built-in name, else the name a Type message gave, else the OID: the value stays decodable as text. */
    private String typeName(int oid) {
        String name = PgTypes.name(oid);
        if (name == null) {
            name = typeNames.get(oid);
        }
        return name != null ? name : "oid:" + Integer.toUnsignedString(oid);
    }

    private void change(Operation operation, long relationOid, Row before, Row after, LogSequenceNumber walPosition) {
        if (transaction == null) {
            throw new PgOutputException(operation + " for relation OID " + relationOid
                    + PgOutputException.at(walPosition)
                    + " arrived outside a transaction (no Begin before it): restart streaming from the slot's"
                    + " confirmed position");
        }
        TableSchema table = tables.get(relationOid);
        if (table == null) {
            throw new PgOutputException(operation + " for relation OID " + relationOid
                    + PgOutputException.at(walPosition)
                    + " arrived before any Relation message for it; PostgreSQL describes each relation once per"
                    + " session, so one assembler must see the session from its start: restart streaming");
        }
        checkWidth(table, before, operation, walPosition);
        checkWidth(table, after, operation, walPosition);
        if (operation == Operation.UPDATE && KeyChange.changed(table, before, after)) {
            // Under the new key alone the old key would never see its row go; each half gets its own position, so
            // (commit LSN, position) still identifies every record.
            position = Math.incrementExact(position);
            listener.change(new ChangeEvent(Operation.DELETE, table, before, null, transaction, position, walPosition,
                    after));
            position = Math.incrementExact(position);
            listener.change(new ChangeEvent(Operation.INSERT, table, null, KeyChange.withOldValues(after, before),
                    transaction, position, walPosition, before));
            return;
        }
        position = Math.incrementExact(position);
        listener.change(new ChangeEvent(operation, table, before, after, transaction, position, walPosition));
    }

    private static void checkWidth(TableSchema table, Row row, Operation operation, LogSequenceNumber walPosition) {
        if (row != null && row.size() != table.columns().size()) {
            throw new PgOutputException(operation + " for " + table.id() + " (relation OID " + table.oid() + ")"
                    + PgOutputException.at(walPosition) + " has " + row.size() + " columns, but its Relation message"
                    + " described " + table.columns().size());
        }
    }

    private static PgOutputException streamingNotSupported(LogSequenceNumber walPosition) {
        return new PgOutputException("streamed in-progress transaction" + PgOutputException.at(walPosition)
                + ": slot2kinesis reads whole transactions only; start the stream with proto_version 1, or without"
                + " the slot option streaming=on");
    }
}
