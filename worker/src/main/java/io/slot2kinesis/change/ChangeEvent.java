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
 */
public record ChangeEvent(
        Operation operation,
        TableSchema table,
        Row before,
        Row after,
        Transaction transaction,
        long position,
        LogSequenceNumber lsn) {}
