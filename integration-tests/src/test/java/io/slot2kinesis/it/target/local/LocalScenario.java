package io.slot2kinesis.it.target.local;

import io.slot2kinesis.it.target.CaptureMode;
import io.slot2kinesis.it.target.LocalControls;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.SqlScenario;
import io.slot2kinesis.it.target.StreamFeed;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.kinesis.FastKinesis;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** A scenario on the local target: its own stream, slot, publication and worker process. */
final class LocalScenario extends SqlScenario implements LocalControls {
    private final LocalTarget target;
    private final KinesisClient kinesis;
    private final FastKinesis fastKinesis;
    private final String stream;
    private final String slot;
    private final String publication;
    private final ScenarioWorker worker;

    private LocalScenario(ScenarioSpec spec, LocalTarget target, KinesisClient kinesis, URI endpoint,
            FastKinesis fastKinesis) {
        super(spec);
        this.target = target;
        this.kinesis = kinesis;
        this.fastKinesis = fastKinesis;
        this.stream = spec.unique(spec.name()).replace('_', '-');
        this.slot = spec.unique("slot");
        this.publication = spec.unique("pub");
        LocalPostgres postgres = target.postgres();
        this.worker = new ScenarioWorker(target.workerJar(), new ScenarioWorker.Target(postgres.host(),
                postgres.port(), LocalPostgres.USER, LocalPostgres.DATABASE, slot, publication, stream,
                target.tableMappings(), endpoint), target.logs().resolve(spec.unique(spec.name()) + ".log"),
                spec.workerSettings());
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
        return worker.describe() + "\nstream " + stream + ", slot " + slot + " (confirmed_flush_lsn " + safeConfirmedFlush() + ")";
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
        worker.start(extraEnv, this::single, this::diagnostics);
    }

    @Override
    public String workerLog() {
        return worker.output();
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
        return worker.alive();
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
        worker.stop();
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
