package io.slot2kinesis.load;

/** {@code S2K_INITIAL_LOAD}: whether the worker reads the selected tables into the stream when it creates its slot. */
public enum InitialLoadMode {
    /** Stream changes only (the default). */
    NEVER,
    /** When this worker creates the slot, first publish every row of every selected table as a {@code load} record. */
    ON_CREATE
}
