package io.slot2kinesis.load;

import org.postgresql.replication.LogSequenceNumber;

/**
 * What the stream's reader did with a chunk when it reached the chunk's high watermark.
 *
 * @param commitLsn the commit LSN of the high watermark's transaction: the chunk's rows are published at
 *                  ({@code commitLsn}, 1..rows), and are accepted once the slot may be flushed past it
 * @param rows      rows published (rows changed between the watermarks are left to their changes)
 * @param discarded the chunk was dropped whole (a truncate, or a change whose key could not be told, between the
 *                  watermarks); read it again
 */
record ChunkOutcome(LogSequenceNumber commitLsn, int rows, boolean discarded) {}
