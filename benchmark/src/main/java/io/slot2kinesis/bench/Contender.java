package io.slot2kinesis.bench;

import java.nio.file.Path;

/** A slot-to-Kinesis process under test: the worker, or the peer it is compared with. */
interface Contender {

    /** Short name for the table and the logs. */
    String name();

    /** The stream the contender writes {@code table}'s changes to, for a run tagged {@code tag}. */
    String stream(String tag, String table);

    /** Starts streaming {@code slot} (which exists, with publication {@link BenchDatabase#PUBLICATION}). */
    ChildProcess start(String tag, String slot, Path logDirectory);
}
