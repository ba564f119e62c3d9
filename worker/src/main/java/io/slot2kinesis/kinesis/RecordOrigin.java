package io.slot2kinesis.kinesis;

/**
 * Where a record came from (table, key and LSN), for messages. Only a failure or a too-large record needs the text,
 * so it is built then: most records are accepted without anyone asking, and each buffered record would otherwise hold
 * its own copy of the text.
 */
@FunctionalInterface
public interface RecordOrigin {
    String describe();

    /** An origin whose text is known already. */
    static RecordOrigin of(String text) {
        return () -> text;
    }
}
