package io.slot2kinesis.it.target;

import io.slot2kinesis.it.records.ChangeRecord;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.postgresql.replication.LogSequenceNumber;

/** One scenario running on a target: write SQL to the source, read what its tables produced in the stream. */
public interface Scenario extends AutoCloseable {
    ScenarioSpec spec();

    CaptureMode mode();

    /** A new connection to the source database, auto-commit on. */
    Connection connect() throws SQLException;

    /** Runs each statement in its own auto-commit transaction. */
    void execute(String... statements);

    /** Runs the statements in one transaction and commits it. */
    void transaction(String... statements);

    /** A new reader of the scenario's records from its start; each reader keeps its own position. */
    StreamFeed feed();

    /**
     * Reads until the scenario's records, duplicates removed, satisfy {@code done}; fails after {@code timeout} saying
     * what was awaited and what arrived.
     */
    List<ChangeRecord> await(String what, Predicate<List<ChangeRecord>> done, Duration timeout);

    /** Reads until at least {@code count} distinct changes arrived; returns them, duplicates removed. */
    default List<ChangeRecord> awaitChanges(int count, Duration timeout) {
        return await(count + " distinct changes", records -> records.size() >= count, timeout);
    }

    /** The capture slot's {@code confirmed_flush_lsn}, or null when the slot does not exist. */
    LogSequenceNumber confirmedFlush();

    /** The source's WAL insert position now. */
    LogSequenceNumber currentWal();

    /** Controls that only a local target has: the worker process, PostgreSQL and Kinesis faults. */
    Optional<LocalControls> local();

    /** Where to look when something fails: logs, stream, slot. */
    String diagnostics();

    @Override
    void close();
}
