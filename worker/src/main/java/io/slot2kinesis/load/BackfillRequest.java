package io.slot2kinesis.load;

import io.slot2kinesis.change.TableId;
import java.time.Instant;
import java.util.List;

/**
 * One row of the signal table: a request to re-read a table, and how far it got.
 *
 * @param lastKey the primary key of the last row of the last chunk Kinesis accepted; null before the first chunk
 * @param where   an optional SQL condition restricting the rows, as the operator gave it
 * @param state   {@code pending}, {@code running}, {@code done} or {@code failed}
 */
public record BackfillRequest(long id, String slot, TableId table, String where, String state, List<String> lastKey,
        long rowsSent, long chunks, String message, Instant updated) {

    public boolean finished() {
        return state.equals("done") || state.equals("failed");
    }

    /** One line for the CLI and the log. */
    public String describe() {
        return "backfill #" + id + " of " + table.qualified() + (where == null ? "" : " where " + where) + ": " + state
                + ", " + rowsSent + " row(s) in " + chunks + " chunk(s)"
                + (lastKey == null ? "" : ", last key " + lastKey) + (message == null ? "" : " (" + message + ")");
    }
}
