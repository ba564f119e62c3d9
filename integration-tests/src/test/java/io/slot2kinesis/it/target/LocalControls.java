package io.slot2kinesis.it.target;

import io.slot2kinesis.localstack.kinesis.FastKinesis;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The parts of a local scenario a fault test may break. */
public interface LocalControls {
    /** Sends SIGKILL to the worker process and waits until it is gone; returns its exit code. */
    int killWorker();

    /** Sends SIGTERM to the worker process; returns its exit code, or fails if it is still running after {@code wait}. */
    int terminateWorker(Duration wait);

    /** Starts the worker again with the same settings, plus {@code extraEnv}. */
    void startWorker(Map<String, String> extraEnv);

    boolean workerAlive();

    /** Stops PostgreSQL (fast shutdown, connections cut) and starts it again with the same data and port. */
    void restartPostgres();

    /** The in-process Kinesis endpoint the worker writes to, for a {@link ScenarioSpec.Load#HEAVY} scenario. */
    Optional<FastKinesis> fastKinesis();

    /** The scenario's stream name. */
    String stream();

    /** Everything the scenario's worker runs wrote to their log. */
    String workerLog();
}
