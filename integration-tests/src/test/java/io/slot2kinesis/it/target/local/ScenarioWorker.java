package io.slot2kinesis.it.target.local;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The worker process of one local scenario: the settings it runs with, the log all its runs append to, and a start
 * that returns only once its slot and publication exist, so every later change is captured.
 */
final class ScenarioWorker {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path jar;
    private final String slot;
    private final String publication;
    private final Path log;
    private final Map<String, String> environment = new HashMap<>();
    private WorkerProcess process;

    /** Where the worker finds the database, its slot, publication, stream and mappings, and the Kinesis endpoint. */
    record Target(String host, int port, String user, String database, String slot, String publication,
            String stream, Path tableMappings, URI kinesis) {}

    ScenarioWorker(Path jar, Target target, Path log, Map<String, String> settings) {
        this.jar = jar;
        this.slot = target.slot();
        this.publication = target.publication();
        this.log = log;
        environment.put("PGHOST", target.host());
        environment.put("PGPORT", Integer.toString(target.port()));
        environment.put("PGUSER", target.user());
        environment.put("PGDATABASE", target.database());
        environment.put("PGSSLMODE", "disable");
        environment.put("S2K_SLOT", target.slot());
        environment.put("S2K_PUBLICATION", target.publication());
        environment.put("S2K_STREAM", target.stream());
        environment.put("S2K_TABLE_MAPPINGS", target.tableMappings().toString());
        environment.put("AWS_REGION", "us-east-1");
        environment.put("AWS_ENDPOINT_URL_KINESIS", target.kinesis().toString());
        // short intervals so tests see acknowledgements, retries and reconnections quickly
        environment.put("S2K_STATUS_INTERVAL", "200ms");
        environment.put("S2K_PROGRESS_INTERVAL", "2s");
        environment.put("S2K_METRICS", "off");
        environment.put("S2K_RETRY_MAX_BACKOFF", "500ms");
        environment.put("S2K_RECONNECT_MAX_BACKOFF", "1s");
        environment.put("S2K_SHUTDOWN_TIMEOUT", "15s");
        environment.putAll(settings);
    }

    /**
     * Starts the worker with {@code extraEnv} on top of its settings and waits until its slot and publication exist,
     * asking the database through {@code query}; fails with {@code diagnostics} if it exits or takes too long.
     */
    void start(Map<String, String> extraEnv, Function<String, String> query, Supplier<String> diagnostics) {
        if (alive()) {
            throw new IllegalStateException("the worker with slot " + slot + " is already running");
        }
        Map<String, String> env = new HashMap<>(environment);
        env.putAll(extraEnv);
        process = WorkerProcess.start(jar, env, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!"1".equals(query.apply("SELECT count(*) FROM pg_replication_slots s, pg_publication p WHERE"
                + " s.slot_name = '" + slot + "' AND s.confirmed_flush_lsn IS NOT NULL AND p.pubname = '"
                + publication + "'"))) {
            if (!process.isAlive()) {
                throw new AssertionError("the worker exited with code " + process.waitFor(Duration.ZERO)
                        + " before its slot and publication existed; " + diagnostics.get());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the worker's slot and publication did not exist within " + START_TIMEOUT
                        + "; " + diagnostics.get());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for the worker to start", e);
            }
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    int kill() {
        return process.kill();
    }

    int terminate(Duration wait) {
        return process.terminate(wait);
    }

    /** The exit code, or -1 if it is still running after {@code wait}. */
    int awaitExit(Duration wait) {
        return process.waitFor(wait);
    }

    /** Everything the worker runs of this scenario wrote. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the worker log " + log + ": " + e.getMessage(), e);
        }
    }

    /** Where the log is, with its last lines, for failure messages. */
    String describe() {
        return "worker log: " + log + (process == null ? "" : " (last lines:\n" + process.tail(15) + "\n)");
    }

    /** Stops a running worker: SIGTERM, then SIGKILL if it has not exited within 30 s. */
    void stop() {
        if (alive() && process.terminate(Duration.ofSeconds(30)) < 0) {
            process.kill();
        }
    }
}
