package io.slot2kinesis.it.target.local;

import io.slot2kinesis.it.target.CaptureMode;
import io.slot2kinesis.it.target.LocalControls;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.SqlScenario;
import io.slot2kinesis.it.target.StreamFeed;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.kinesis.FastKinesis;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** A scenario on the local target: its own stream, slot, publication and worker process. */
final class LocalScenario extends SqlScenario implements LocalControls {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final LocalTarget target;
    private final KinesisClient kinesis;
    private final FastKinesis fastKinesis;
    private final String stream;
    private final String slot;
    private final String publication;
    private final Map<String, String> environment = new HashMap<>();
    private final Path log;
    private WorkerProcess worker;

    private LocalScenario(ScenarioSpec spec, LocalTarget target, KinesisClient kinesis, URI endpoint,
            FastKinesis fastKinesis) {
        super(spec);
        this.target = target;
        this.kinesis = kinesis;
        this.fastKinesis = fastKinesis;
        this.stream = spec.unique(spec.name()).replace('_', '-');
        this.slot = spec.unique("slot");
        this.publication = spec.unique("pub");
        this.log = target.logs().resolve(spec.unique(spec.name()) + ".log");
        LocalPostgres postgres = target.postgres();
        environment.put("PGHOST", postgres.host());
        environment.put("PGPORT", Integer.toString(postgres.port()));
        environment.put("PGUSER", LocalPostgres.USER);
        environment.put("PGDATABASE", LocalPostgres.DATABASE);
        environment.put("PGSSLMODE", "disable");
        environment.put("S2K_SLOT", slot);
        environment.put("S2K_PUBLICATION", publication);
        environment.put("S2K_STREAM", stream);
        environment.put("S2K_TABLE_MAPPINGS", target.tableMappings().toString());
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_ENDPOINT_URL_KINESIS", endpoint.toString());
        environment.put("S2K_STATUS_INTERVAL", "200ms");
        environment.put("S2K_PROGRESS_INTERVAL", "2s");
        environment.put("S2K_METRICS", "off");
        environment.put("S2K_RETRY_MAX_BACKOFF", "500ms");
        environment.put("S2K_RECONNECT_MAX_BACKOFF", "1s");
        environment.put("S2K_SHUTDOWN_TIMEOUT", "15s");
    }

    static LocalScenario begin(ScenarioSpec spec, LocalTarget target, KinesisClient kinesis, URI endpoint,
            FastKinesis fastKinesis) {
        LocalScenario scenario = new LocalScenario(spec, target, kinesis, endpoint, fastKinesis);
        kinesis.createStream(r -> r.streamName(scenario.stream).shardCount(spec.shards()));
        kinesis.waiter().waitUntilStreamExists(r -> r.streamName(scenario.stream));
        scenario.execute(spec.setupStatements().toArray(String[]::new));
        scenario.startWorker(Map.of());
        return scenario;
    }

    @Override
    public CaptureMode mode() {
        return CaptureMode.WORKER;
    }

    @Override
    public Connection connect() throws SQLException {
        return target.postgres().connect();
    }

    @Override
    public StreamFeed feed() {
        return new StreamFeed(kinesis, stream, spec().tables(), null);
    }

    @Override
    protected String slot() {
        return slot;
    }

    @Override
    public Optional<LocalControls> local() {
        return Optional.of(this);
    }

    @Override
    public String diagnostics() {
        return "worker log: " + log + (worker == null ? "" : " (last lines:\n" + worker.tail(15) + "\n)")
                + "\nstream " + stream + ", slot " + slot + " (confirmed_flush_lsn " + safeConfirmedFlush() + ")";
    }

    private String safeConfirmedFlush() {
        try {
            return String.valueOf(confirmedFlush());
        } catch (RuntimeException e) {
            return "unknown: " + e.getMessage();
        }
    }

    /** Starts the worker and waits until its slot and publication exist, so every later change is captured. */
    @Override
    public void startWorker(Map<String, String> extraEnv) {
        if (worker != null && worker.isAlive()) {
            throw new IllegalStateException("the worker of scenario " + spec().name() + " is already running");
        }
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(extraEnv);
        worker = WorkerProcess.start(target.workerJar(), env, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!captureReady()) {
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

    private boolean captureReady() {
        return single("SELECT count(*) FROM pg_replication_slots s, pg_publication p WHERE s.slot_name = '" + slot
                + "' AND s.confirmed_flush_lsn IS NOT NULL AND p.pubname = '" + publication + "'").equals("1");
    }

    @Override
    public int killWorker() {
        return worker.kill();
    }

    @Override
    public int terminateWorker(Duration wait) {
        return worker.terminate(wait);
    }

    @Override
    public boolean workerAlive() {
        return worker != null && worker.isAlive();
    }

    @Override
    public void restartPostgres() {
        target.postgres().restart();
    }

    @Override
    public Optional<FastKinesis> fastKinesis() {
        return Optional.ofNullable(fastKinesis);
    }

    @Override
    public String stream() {
        return stream;
    }

    @Override
    public void close() {
        if (worker != null && worker.isAlive() && worker.terminate(Duration.ofSeconds(30)) < 0) {
            worker.kill();
        }
        if (fastKinesis != null) {
            fastKinesis.faults(io.slot2kinesis.localstack.kinesis.FaultPlan.none());
        }
        execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = '" + slot
                + "'", "DROP PUBLICATION IF EXISTS " + publication, "DROP PUBLICATION IF EXISTS " + publication
                + "_insert_only");
        try {
            kinesis.deleteStream(r -> r.streamName(stream).enforceConsumerDeletion(true));
        } catch (RuntimeException ignored) {
            // the stream goes with the emulator at the end anyway
        }
    }
}
