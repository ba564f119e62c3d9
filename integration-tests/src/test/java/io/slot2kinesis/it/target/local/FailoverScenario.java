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
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
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
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final LocalPostgres primary;
    private final LocalPostgres standby;
    private final WriterEndpoint endpoint;
    private final KinesisClient kinesis;
    private final String stream;
    private final String slot;
    private final String publication;
    private final Map<String, String> environment = new HashMap<>();
    private final Path log;
    private WorkerProcess worker;

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
        this.log = Path.of("target", "worker-logs" + System.getProperty("s2k.logs.suffix", ""),
                spec.unique(spec.name()) + ".log").toAbsolutePath();
        environment.put("PGHOST", "localhost");
        environment.put("PGPORT", Integer.toString(endpoint.port()));
        environment.put("PGUSER", LocalPostgres.USER);
        environment.put("PGDATABASE", LocalPostgres.DATABASE);
        environment.put("PGSSLMODE", "disable");
        environment.put("S2K_SLOT", slot);
        environment.put("S2K_PUBLICATION", publication);
        environment.put("S2K_STREAM", stream);
        environment.put("S2K_TABLE_MAPPINGS", LocalTarget.tableMappingsFile().toString());
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_ENDPOINT_URL_KINESIS", fastKinesis.endpoint().toString());
        environment.put("S2K_STATUS_INTERVAL", "200ms");
        environment.put("S2K_PROGRESS_INTERVAL", "2s");
        environment.put("S2K_METRICS", "off");
        environment.put("S2K_RETRY_MAX_BACKOFF", "500ms");
        environment.put("S2K_RECONNECT_MAX_BACKOFF", "1s");
        environment.put("S2K_SHUTDOWN_TIMEOUT", "15s");
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
        if (worker != null && worker.isAlive()) {
            throw new IllegalStateException("the worker of scenario " + spec().name() + " is already running");
        }
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(extraEnv);
        worker = WorkerProcess.start(WorkerProcess.jar(), env, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!"1".equals(single("SELECT count(*) FROM pg_replication_slots s, pg_publication p WHERE s.slot_name"
                + " = '" + slot + "' AND s.confirmed_flush_lsn IS NOT NULL AND p.pubname = '" + publication + "'"))) {
            if (!worker.isAlive()) {
                throw new AssertionError("the worker exited with code " + worker.waitFor(Duration.ZERO)
                        + " before its slot and publication existed; " + diagnostics());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the worker's slot and publication did not exist within " + START_TIMEOUT
                        + "; " + diagnostics());
            }
            sleep(Duration.ofMillis(100));
        }
    }

    public boolean workerAlive() {
        return worker != null && worker.isAlive();
    }

    /** The worker's exit code, or -1 if it is still running after {@code wait}. */
    public int awaitWorkerExit(Duration wait) {
        return worker.waitFor(wait);
    }

    /** Everything the worker processes of this scenario wrote. */
    public String workerLog() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the worker log " + log + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String diagnostics() {
        return "worker log: " + log + (worker == null ? "" : " (last lines:\n" + worker.tail(15) + "\n)")
                + "\nstream " + stream + ", slot " + slot + ", endpoint port " + endpoint.port() + " -> "
                + endpoint.targetPort() + " (primary " + primary.port() + ", standby " + standby.port() + ")";
    }

    @Override
    public void close() {
        if (worker != null && worker.isAlive() && worker.terminate(Duration.ofSeconds(30)) < 0) {
            worker.kill();
        }
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
