package io.slot2kinesis.load;

import org.postgresql.replication.LogSequenceNumber;

/**
 * What the stream's reader did with a chunk when it reached the chunk's high watermark.
 *
 * @param commitLsn the commit LSN of the high watermark's transaction: the chunk's rows are published at
 *                  ({@code commitLsn}, 1..rows), and are accepted once the slot may be flushed past it
 * @param rows      rows published (rows changed between the watermarks are left to their changes)
 * @param discardReason why the chunk was dropped whole (a truncate, a change whose key could not be told, or too
 *                  many changed keys between the watermarks), to be read again; null when it was published
 */
record ChunkOutcome(LogSequenceNumber commitLsn, int rows, String discardReason) {
    boolean discarded() {
        return discardReason != null;
    }
}
