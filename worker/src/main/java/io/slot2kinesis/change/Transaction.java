package io.slot2kinesis.change;

import java.time.Instant;
import org.postgresql.replication.LogSequenceNumber;

/**
 * The transaction a change belongs to, as the Begin message announced it.
 *
 * @param commitLsn the LSN of the transaction's commit record: identical for every change of the
 *                  transaction, and increasing from one transaction to the next, so
 *                  ({@code commitLsn}, position) orders and identifies every change
 */
public record Transaction(long xid, LogSequenceNumber commitLsn, Instant commitTime) {}
