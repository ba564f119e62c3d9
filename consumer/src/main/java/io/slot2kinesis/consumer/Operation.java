package io.slot2kinesis.consumer;

/** What a change did, the same in both modes and both envelopes. */
public enum Operation {
    /** A row read by a full load, an initial load or a backfill (DMS {@code load}, Debezium {@code r}). */
    LOAD,
    INSERT,
    UPDATE,
    DELETE,
    /** Every row of the table went. Only the worker writes it: DMS does not replicate TRUNCATE. */
    TRUNCATE,
    /** The table's columns or name changed, or it was created or dropped; {@link Change#detail()} says which. */
    SCHEMA_CHANGE,
    /** A change too large for a Kinesis record was skipped by the worker ({@code S2K_OVERSIZE=skip}); key only. */
    SKIPPED;

    /** True for the operations that carry a row. */
    public boolean isRow() {
        return this == LOAD || this == INSERT || this == UPDATE || this == DELETE;
    }
}
