package io.slot2kinesis.replication;

import org.postgresql.replication.LogSequenceNumber;

/**
 * A row of {@code pg_replication_slots}, with the server's current WAL position.
 *
 * @param lagBytes WAL the server keeps for this slot beyond what it confirmed
 */
public record SlotState(
        String name, String plugin, String database, boolean active, Integer activePid,
        LogSequenceNumber confirmedFlush, LogSequenceNumber currentWal, long lagBytes) {}
