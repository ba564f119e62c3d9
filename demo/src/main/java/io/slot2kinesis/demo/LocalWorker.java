package io.slot2kinesis.demo;

import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.pipeline.StopSignal;
import io.slot2kinesis.pipeline.Streamer;
import io.slot2kinesis.pipeline.Wiring;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The worker inside this JVM, between an embedded PostgreSQL and a local Kinesis endpoint, as the demo and the KCL
 * example run it: {@link #start} creates the stream, starts the worker and returns once its slot exists (a change
 * made before that is not captured); {@link #close} stops it after it delivered what it had read.
 */
public final class LocalWorker implements AutoCloseable {
    private final KinesisClient kinesis;
    private final Thread thread;
    private final StopSignal stop;

    private LocalWorker(KinesisClient kinesis, Thread thread, StopSignal stop) {
        this.kinesis = kinesis;
        this.thread = thread;
        this.stop = stop;
    }

    /**
     * @param settings worker settings over the local defaults (connection, stream, region, endpoint, metrics off)
     */
    public static LocalWorker start(LocalPostgres postgres, URI kinesisEndpoint, String stream,
            Map<String, String> settings) throws InterruptedException {
        Map<String, String> all = new HashMap<>(Map.of(
                "PGHOST", postgres.host(), "PGPORT", Integer.toString(postgres.port()),
                "PGUSER", LocalPostgres.USER, "PGDATABASE", LocalPostgres.DATABASE, "PGSSLMODE", "disable",
                "S2K_STREAM", stream, "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_KINESIS", kinesisEndpoint.toString(), "S2K_METRICS", "off"));
        all.putAll(settings);
        WorkerConfig config = WorkerConfig.load(Map.of(), all);
        Wiring wiring = Wiring.from(config);
        KinesisClient kinesis = wiring.kinesisClient();
        try {
            kinesis.createStream(r -> r.streamName(stream).shardCount(2));
            kinesis.waiter().waitUntilStreamExists(r -> r.streamName(stream));
            Streamer streamer = new Streamer(config, kinesis, wiring.selection(), wiring.format());
            StopSignal stop = new StopSignal();
            Thread thread = Thread.ofPlatform().name("worker").start(() -> {
                try {
                    streamer.run(stop);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            while (streamer.progress() == null) {
                if (!thread.isAlive()) {
                    throw new IllegalStateException("the worker stopped before its slot existed: see its log above");
                }
                Thread.sleep(100);
            }
            return new LocalWorker(kinesis, thread, stop);
        } catch (RuntimeException | InterruptedException e) {
            kinesis.close();
            throw e;
        }
    }

    /** The worker's Kinesis client, for reading the stream it writes. */
    public KinesisClient kinesis() {
        return kinesis;
    }

    /** Stops the worker and closes its client; a second call does nothing. */
    @Override
    public void close() throws InterruptedException {
        if (stop.isStopped()) {
            return;
        }
        stop.stop();
        thread.join(Duration.ofSeconds(30));
        kinesis.close();
    }
}
