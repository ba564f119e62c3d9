package io.slot2kinesis.change;

import org.postgresql.replication.LogSequenceNumber;

/**
 * One row change (or one table-level event such as TRUNCATE), ready to be formatted.
 *
 * @param before   old values: the key under REPLICA IDENTITY DEFAULT/INDEX when it changed or for a delete,
 *                 every column under FULL; null when PostgreSQL sent none
 * @param after    new values for insert, update and load; null for delete and truncate
 * @param position 1-based position of this change in its transaction; with the transaction's commit LSN it
 *                 identifies the change, so consumers can drop duplicates after a restart
 * @param lsn      the WAL position of this change's own message
 * @param otherKey set on the two records an UPDATE that changed the row's key becomes (a DELETE under the old key,
 *                 then an INSERT under the new one, as Debezium does): on the DELETE the new row, whose key columns
 *                 are the new key; on the INSERT the old values, whose key columns are the old key. Null otherwise
 */
public record ChangeEvent(
        Operation operation,
        TableSchema table,
        Row before,
        Row after,
        Transaction transaction,
        long position,
        LogSequenceNumber lsn,
        Row otherKey) {

    public ChangeEvent(Operation operation, TableSchema table, Row before, Row after, Transaction transaction,
            long position, LogSequenceNumber lsn) {
        this(operation, table, before, after, transaction, position, lsn, null);
    }

    /** One of the two records of an UPDATE that changed the row's key. */
    public boolean keyChange() {
        return otherKey != null;
    }
}
