package io.slot2kinesis.change;

/** What happened to a row, or to a whole table for {@link #TRUNCATE}. */
public enum Operation {
    /** A row read by an initial load or backfill, not by a change. */
    LOAD,
    INSERT,
    UPDATE,
    DELETE,
    /** The table was truncated; carries no row. */
    TRUNCATE
}
