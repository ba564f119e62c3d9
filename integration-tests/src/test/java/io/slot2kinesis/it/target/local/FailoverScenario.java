package io.slot2kinesis.it.target.local;

import io.slot2kinesis.it.target.CaptureMode;
import io.slot2kinesis.it.target.LocalControls;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.SqlScenario;
import io.slot2kinesis.it.target.StreamFeed;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.StandbySettings;
import io.slot2kinesis.localstack.WriterEndpoint;
import io.slot2kinesis.localstack.kinesis.FastKinesis;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A scenario on its own primary and physical standby, reached through a {@link WriterEndpoint} as a cluster's writer
 * endpoint would be: the worker and the writers connect to the endpoint, and {@link #failOver()} crashes the primary,
 * promotes the standby and moves the endpoint to it. The primary commits synchronously, so every commit a writer saw
 * succeed is on the standby when it takes over (as on a Multi-AZ instance or cluster).
 */
public final class FailoverScenario extends SqlScenario {
    private final LocalPostgres primary;
    private final LocalPostgres standby;
    private final WriterEndpoint endpoint;
    private final KinesisClient kinesis;
    private final String stream;
    private final String slot;
    private final String publication;
    private final ScenarioWorker worker;

    /** How long each step of a failover took. */
    public record FailoverTimes(Duration crash, Duration promote, Duration total, String promotedAt) {}

    private FailoverScenario(ScenarioSpec spec, StandbySettings standbySettings, FastKinesis fastKinesis,
            KinesisClient kinesis) {
        super(spec);
        this.primary = LocalPostgres.start(Map.of("synchronous_commit", "on"));
        try {
            this.standby = primary.startStandby(standbySettings);
        } catch (RuntimeException e) {
            primary.close();
            throw e;
        }
        this.endpoint = WriterEndpoint.forwardingTo(primary.port());
        this.kinesis = kinesis;
        this.stream = spec.unique(spec.name()).replace('_', '-');
        this.slot = spec.unique("slot");
        this.publication = spec.unique("pub");
        this.worker = new ScenarioWorker(WorkerProcess.jar(), new ScenarioWorker.Target("localhost", endpoint.port(),
                LocalPostgres.USER, LocalPostgres.DATABASE, slot, publication, stream,
                LocalTarget.tableMappingsFile(), fastKinesis.endpoint()),
                Path.of("target", "worker-logs" + System.getProperty("s2k.logs.suffix", ""),
                        spec.unique(spec.name()) + ".log").toAbsolutePath(), spec.workerSettings());
    }

    /** Starts the pair, the endpoint and the stream, runs the spec's setup and starts the worker. */
    public static FailoverScenario begin(ScenarioSpec spec, StandbySettings standbySettings, FastKinesis fastKinesis,
            Map<String, String> workerEnv) {
        KinesisClient kinesis = LocalTarget.client(fastKinesis.endpoint());
        FailoverScenario scenario = new FailoverScenario(spec, standbySettings, fastKinesis, kinesis);
        try {
            kinesis.createStream(r -> r.streamName(scenario.stream).shardCount(spec.shards()));
            kinesis.waiter().waitUntilStreamExists(r -> r.streamName(scenario.stream));
            scenario.execute(spec.setupStatements().toArray(String[]::new));
            scenario.startWorker(workerEnv);
            return scenario;
        } catch (RuntimeException | Error e) {
            scenario.close();
            throw e;
        }
    }

    /**
     * Crashes the primary (immediate stop), promotes the standby and points the writer endpoint at it, cutting every
     * connection through it.
     */
    public FailoverTimes failOver() {
        long start = System.nanoTime();
        primary.crash();
        long crashed = System.nanoTime();
        standby.promote();
        String promotedAt = standby.query("SELECT pg_current_wal_lsn()");
        long promoted = System.nanoTime();
        endpoint.pointTo(standby.port());
        long switched = System.nanoTime();
        return new FailoverTimes(Duration.ofNanos(crashed - start), Duration.ofNanos(promoted - crashed),
                Duration.ofNanos(switched - start), promotedAt);
    }

    public LocalPostgres primary() {
        return primary;
    }

    public LocalPostgres standby() {
        return standby;
    }

    public String slotName() {
        return slot;
    }

    @Override
    protected String slot() {
        return slot;
    }

    @Override
    public CaptureMode mode() {
        return CaptureMode.WORKER;
    }

    /** A connection through the writer endpoint: to whichever server is the primary now. */
    @Override
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", LocalPostgres.USER);
        properties.setProperty("connectTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + endpoint.port() + "/"
                + LocalPostgres.DATABASE, properties);
    }

    @Override
    public StreamFeed feed() {
        return new StreamFeed(kinesis, stream, spec().tables(), null);
    }

    @Override
    public Optional<LocalControls> local() {
        return Optional.empty();
    }

    /** Starts the worker with the scenario's settings plus {@code extraEnv}; waits until its slot is ready. */
    public void startWorker(Map<String, String> extraEnv) {
        worker.start(extraEnv, this::single, this::diagnostics);
    }

    public boolean workerAlive() {
        return worker.alive();
    }

    /** The worker's exit code, or -1 if it is still running after {@code wait}. */
    public int awaitWorkerExit(Duration wait) {
        return worker.awaitExit(wait);
    }

    /** Everything the worker processes of this scenario wrote. */
    public String workerLog() {
        return worker.output();
    }

    @Override
    public String diagnostics() {
        return worker.describe() + "\nstream " + stream + ", slot " + slot + ", endpoint port " + endpoint.port() + " -> "
                + endpoint.targetPort() + " (primary " + primary.port() + ", standby " + standby.port() + ")";
    }

    @Override
    public void close() {
        worker.stop();
        endpoint.close();
        try {
            kinesis.deleteStream(r -> r.streamName(stream).enforceConsumerDeletion(true));
        } catch (RuntimeException ignored) {
            // the stream goes with the endpoint at the end anyway
        }
        kinesis.close();
        standby.close();
        primary.close();
    }
}
