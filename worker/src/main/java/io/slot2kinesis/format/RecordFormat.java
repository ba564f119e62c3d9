package io.slot2kinesis.format;

import io.slot2kinesis.change.ChangeEvent;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.change.Transaction;
import java.util.Optional;

/**
 * Turns each change into one Kinesis record. Implementations reuse an output buffer and are not
 * thread-safe: use one instance per encoding thread.
 */
public interface RecordFormat {

    /** The record for a row change or a TRUNCATE. */
    EncodedRecord encode(ChangeEvent change);

    /**
     * A small record that stands in for a change whose record was too large to put (policy
     * {@code S2K_OVERSIZE=skip}): same envelope, same partition key, naming the table, the key, the commit LSN,
     * the position and the sizes, so consumers know what they did not get.
     */
    EncodedRecord oversizeMarker(ChangeEvent change, String partitionKey, int originalSize, int limit);

    /**
     * A control record for a table whose columns changed (a new Relation message that differs from the
     * cached one), or empty when the format has none or nothing a consumer sees changed.
     *
     * @param transaction  the transaction the Relation message arrived in; may be null
     * @param nextPosition the number of the transaction's change that follows the Relation message
     */
    default Optional<EncodedRecord> relationChanged(TableSchema previous, TableSchema current,
            Transaction transaction, long nextPosition) {
        return Optional.empty();
    }
}
