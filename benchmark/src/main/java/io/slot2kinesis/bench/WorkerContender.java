package io.slot2kinesis.bench;

import io.slot2kinesis.localstack.LocalPostgres;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The worker, started from its jar as {@code java -Xmx<heap> -jar worker-*-all.jar run}, with every setting that
 * affects speed given explicitly.
 */
final class WorkerContender implements Contender {
    /**
     * The settings under test, written out so the report shows them; each is the worker's default except those in
     * {@link #NOT_DEFAULTS} ({@code WorkerContenderTest} keeps the two in step).
     */
    static final Map<String, String> SETTINGS = Map.of(
            "S2K_FORMAT", "dms",
            "S2K_BATCH_RECORDS", "500",
            "S2K_BATCH_LINGER", "5ms",
            "S2K_REQUESTS_IN_FLIGHT", "4",
            "S2K_BUFFER_BYTES", "16MB",
            "S2K_STATUS_INTERVAL", "10s",
            "S2K_PROGRESS_INTERVAL", "10s",
            "S2K_METRICS", "off");

    /** Metrics lines on stdout would only fill the log; everything else runs as deployed. */
    static final java.util.Set<String> NOT_DEFAULTS = java.util.Set.of("S2K_METRICS");

    private final String name;
    private final Path jar;
    private final String heap;
    private final Map<String, String> settings;
    private final boolean profile;
    private final LocalPostgres postgres;
    private final URI kinesis;
    private final List<String> jvmOptions;

    WorkerContender(String name, Path jar, String heap, Map<String, String> overrides, boolean profile,
            LocalPostgres postgres, URI kinesis) {
        this(name, jar, heap, settings(overrides), profile, postgres, kinesis, List.of());
    }

    private WorkerContender(String name, Path jar, String heap, Map<String, String> settings, boolean profile,
            LocalPostgres postgres, URI kinesis, List<String> jvmOptions) {
        this.name = name;
        this.jar = jar;
        this.heap = heap;
        this.settings = settings;
        this.profile = profile;
        this.postgres = postgres;
        this.kinesis = kinesis;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** The same worker named {@code name}, its JVM started with {@code options} as well. */
    WorkerContender withJvmOptions(String name, List<String> options) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(options);
        return new WorkerContender(name, jar, heap, settings, profile, postgres, kinesis, all);
    }

    /** {@code overrides} plus the setting that makes the worker load every table when it creates its slot. */
    static Map<String, String> withInitialLoad(Map<String, String> overrides) {
        Map<String, String> settings = new java.util.LinkedHashMap<>(overrides);
        settings.put("S2K_INITIAL_LOAD", "on-create");
        return settings;
    }

    /** The benchmark's settings with {@code overrides} applied. */
    static Map<String, String> settings(Map<String, String> overrides) {
        Map<String, String> merged = new java.util.TreeMap<>(SETTINGS);
        merged.putAll(overrides);
        return merged;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String stream(String tag, String table) {
        return name + "-" + tag;
    }

    @Override
    public ChildProcess start(String tag, String slot, Path logDirectory) {
        Path gcLog = logDirectory.resolve(name + "-" + tag + "-gc.log").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(Java.binary(), "-Xmx" + heap, "-Xlog:gc:file=" + gcLog));
        Path recording = logDirectory.resolve(name + "-" + tag + ".jfr").toAbsolutePath();
        if (profile) {
            command.add("-XX:StartFlightRecording=name=" + ChildProcess.RECORDING + ",settings=profile");
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "run"));
        Map<String, String> env = new java.util.HashMap<>(settings);
        env.putAll(Map.of(
                "PGHOST", postgres.host(),
                "PGPORT", Integer.toString(postgres.port()),
                "PGUSER", LocalPostgres.USER,
                "PGDATABASE", LocalPostgres.DATABASE,
                "PGSSLMODE", "disable",
                "S2K_SLOT", slot,
                "S2K_PUBLICATION", settings.getOrDefault("S2K_PUBLICATION", BenchDatabase.PUBLICATION),
                "S2K_STREAM", stream(tag, null),
                "AWS_REGION", "us-east-1",
                "AWS_ENDPOINT_URL_KINESIS", kinesis.toString()));
        env.putAll(Java.LOCAL_CREDENTIALS);
        ChildProcess process = ChildProcess.start(name, command, env, logDirectory,
                logDirectory.resolve(name + "-" + tag + ".log"), gcLog);
        return profile ? process.dumpFlightRecordingOnStop(recording) : process;
    }
}
