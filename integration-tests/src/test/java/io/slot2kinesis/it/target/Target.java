package io.slot2kinesis.it.target;

/**
 * Where the scenarios run: a source database to write SQL to, a Kinesis stream to read, and whatever captures the
 * one into the other. One target serves every scenario of a test run.
 */
public interface Target extends AutoCloseable {
    /** For messages: which target, where, in which mode. */
    String describe();

    CaptureMode mode();

    /** Major version of the source PostgreSQL server. */
    int serverMajorVersion();

    /**
     * Runs the scenario's setup SQL, then makes sure every later change to its tables is captured; the scenario reads
     * the stream from this moment on.
     */
    Scenario begin(ScenarioSpec spec);

    @Override
    void close();
}
