package io.slot2kinesis.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one benchmark run measures, and how.
 *
 * @param rows rows in the pre-filled slot
 * @param transactionRows rows per transaction of the pre-fill
 * @param bigTransaction also drain one transaction of {@code rows} rows
 * @param initialLoad also measure the worker's initial load ({@code S2K_INITIAL_LOAD=on-create}) of the table the
 *     pre-fill left
 * @param memoryCheckRows the smaller slot, drained by the worker only, to check that peak RSS does not grow with the
 *     slot; 0 skips it
 * @param runs how many times each figure is measured; the table shows the median with min and max
 * @param shards shards of every stream
 * @param latencyRate rows per second written during the latency test
 * @param latencyTransactionRows rows per transaction during the latency test
 * @param latencyDuration how long the latency test writes (after a warm-up)
 * @param latencyWarmup rows written during the warm-up are not measured
 * @param workerJar the worker's all-in-one jar
 * @param workerHeap the worker's {@code -Xmx}
 * @param candidateJar a second worker jar (a change under test) measured beside the first, or null
 * @param workerSettings settings that replace the benchmark's (see {@link WorkerContender#SETTINGS})
 * @param peer {@code none} or {@code debezium}
 * @param peerHeap Debezium Server's {@code -Xmx}, or empty for the JVM's default sizing
 * @param decoder {@code auto} (pg_recvlogical when on the PATH), {@code pg_recvlogical} or {@code jdbc}
 * @param profile record a JFR profile of every worker run
 * @param results directory for the JSON and Markdown results, process logs and profiles
 * @param cache directory where Debezium Server is downloaded and unpacked
 * @param crashes how many times the worker is killed under a steady load to count the records a crash sends twice
 * @param candidateJvmOptions JVM options added to the candidate's command line (a JVM change under test)
 * @param aotCache the candidate (the worker jar unless {@code candidateJar}) runs with an AOT cache
 *     ({@code -XX:AOTCache}, JDK 25) that a training run on the same slot created first
 */
public record BenchOptions(long rows, int transactionRows, boolean bigTransaction, boolean initialLoad,
        long memoryCheckRows, int runs,
        int shards, int latencyRate, int latencyTransactionRows, Duration latencyDuration, Duration latencyWarmup,
        Path workerJar, Path candidateJar, String workerHeap, Map<String, String> workerSettings, String peer,
        String peerHeap, String decoder, boolean profile, Path results, Path cache, int crashes,
        List<String> candidateJvmOptions, boolean aotCache) {

    static final String USAGE = """
            usage: bench [options]
                   bench --groups [--rows N] [--tx-rows N] [--runs N] [--shards N] [--worker-...]
                                     two table groups (two workers, a slot each, half the tables each) against one
                                     worker over all tables, --rows rows in each of two tables
              --rows N               rows in the pre-filled slot (default 1000000)
              --tx-rows N            rows per transaction of the pre-fill (default 1000)
              --no-big-tx            skip the single-transaction drain
              --no-load              skip the initial load of the filled table
              --memory-check-rows N  smaller slot drained to check RSS stays flat, 0 = skip (default 100000)
              --runs N               measurements per figure; median, min and max are shown (default 3)
              --shards N             shards per stream (default 4)
              --latency-rate N       rows/s during the latency test (default 1000)
              --latency-tx-rows N    rows per transaction during the latency test (default 10)
              --latency-seconds N    measured seconds of the latency test, 0 = skip (default 60)
              --warmup-seconds N     unmeasured seconds before it (default 5)
              --crashes N            SIGKILLs of the worker under a steady load, for duplicates per crash, 0 = skip
                                     (default 2)
              --worker-jar PATH      default worker/target/worker-*-all.jar
              --candidate-jar PATH   also drain the slots with this worker jar, interleaved, and compare
              --candidate-jvm-option OPT   a JVM option for the candidate only, repeatable; without
                                     --candidate-jar the candidate is the worker jar (-XX:TieredStopAtLevel=1)
              --aot-cache            a training run of the candidate on the same slot creates an AOT cache
                                     (-XX:AOTCacheOutput, JDK 25+); the candidate then runs with it
                                     (-XX:AOTCache); without --candidate-jar the candidate is the worker jar
              --worker-heap SIZE     the worker's -Xmx (default 128m)
              --worker-setting K=V   a worker setting instead of the benchmark's, repeatable (S2K_BATCH_LINGER=5ms)
              --peer none|debezium   also measure Debezium Server 3.6.0.Final (default none)
              --peer-heap SIZE       Debezium Server's -Xmx (default: the JVM's own sizing, as shipped)
              --decoder auto|pg_recvlogical|jdbc   the decode-limit reader (default auto)
              --profile              record a JFR profile of each worker run into the results directory
              --results DIR          default bench-results
              --cache DIR            default ~/.cache/slot2kinesis
            """;

    public BenchOptions {
        List<String> problems = new ArrayList<>();
        if (rows < 1) {
            problems.add("--rows must be at least 1, was " + rows);
        }
        if (transactionRows < 1) {
            problems.add("--tx-rows must be at least 1, was " + transactionRows);
        }
        if (runs < 1) {
            problems.add("--runs must be at least 1, was " + runs);
        }
        if (shards < 1 || shards > 64) {
            problems.add("--shards must be 1 to 64, was " + shards);
        }
        if (latencyRate < 1 || latencyTransactionRows < 1 || latencyTransactionRows > latencyRate) {
            problems.add("--latency-rate and --latency-tx-rows must be positive, with tx-rows <= rate; were "
                    + latencyRate + " and " + latencyTransactionRows);
        }
        if (crashes < 0) {
            problems.add("--crashes must be 0 or more, was " + crashes);
        }
        if (!List.of("none", "debezium").contains(peer)) {
            problems.add("--peer '" + peer + "' is not supported: use none or debezium");
        }
        if (!List.of("auto", "pg_recvlogical", "jdbc").contains(decoder)) {
            problems.add("--decoder '" + decoder + "' is not supported: use auto, pg_recvlogical or jdbc");
        }
        if (workerJar == null || !Files.isRegularFile(workerJar)) {
            problems.add("the worker jar " + (workerJar == null ? "worker/target/worker-*-all.jar" : workerJar)
                    + " does not exist: build it with ./mvnw -q -pl worker -am package -DskipTests,"
                    + " or pass --worker-jar");
        }
        if (candidateJar != null && !Files.isRegularFile(candidateJar)) {
            problems.add("--candidate-jar " + candidateJar + " does not exist");
        }
        if (aotCache && Java.featureVersion() < 25) {
            problems.add("--aot-cache needs JDK 25 or newer (JEP 514/515) to run the benchmark, this is "
                    + Java.featureVersion());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        workerSettings = Map.copyOf(workerSettings);
        candidateJvmOptions = List.copyOf(candidateJvmOptions);
    }

    boolean latency() {
        return !latencyDuration.isZero();
    }

    /** A candidate is drained beside the worker: another jar, other JVM options, or an AOT cache. */
    boolean withCandidate() {
        return candidateJar != null || !candidateJvmOptions.isEmpty() || aotCache;
    }

    boolean withPeer() {
        return peer.equals("debezium");
    }

    /** Parses the command line; unknown or malformed arguments are all reported at once. */
    public static BenchOptions parse(String[] args) {
        long rows = 1_000_000;
        int txRows = 1_000;
        boolean bigTx = true;
        boolean load = true;
        long memoryRows = 100_000;
        int runs = 3;
        int shards = 4;
        int rate = 1_000;
        int latencyTxRows = 10;
        long latencySeconds = 60;
        long warmupSeconds = 5;
        int crashes = 2;
        List<String> candidateJvmOptions = new ArrayList<>();
        boolean aotCache = false;
        Path jar = null;
        Path candidate = null;
        String heap = "128m";
        Map<String, String> settings = new LinkedHashMap<>();
        String peer = "none";
        String peerHeap = "";
        String decoder = "auto";
        boolean profile = false;
        Path results = Path.of("bench-results");
        Path cache = Path.of(System.getProperty("user.home"), ".cache", "slot2kinesis");
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            try {
                switch (arg) {
                    case "--rows" -> rows = Long.parseLong(value(args, ++i, arg));
                    case "--tx-rows" -> txRows = Integer.parseInt(value(args, ++i, arg));
                    case "--no-big-tx" -> bigTx = false;
                    case "--no-load" -> load = false;
                    case "--memory-check-rows" -> memoryRows = Long.parseLong(value(args, ++i, arg));
                    case "--runs" -> runs = Integer.parseInt(value(args, ++i, arg));
                    case "--shards" -> shards = Integer.parseInt(value(args, ++i, arg));
                    case "--latency-rate" -> rate = Integer.parseInt(value(args, ++i, arg));
                    case "--latency-tx-rows" -> latencyTxRows = Integer.parseInt(value(args, ++i, arg));
                    case "--latency-seconds" -> latencySeconds = Long.parseLong(value(args, ++i, arg));
                    case "--warmup-seconds" -> warmupSeconds = Long.parseLong(value(args, ++i, arg));
                    case "--crashes" -> crashes = Integer.parseInt(value(args, ++i, arg));
                    case "--worker-jar" -> jar = Path.of(value(args, ++i, arg));
                    case "--candidate-jar" -> candidate = Path.of(value(args, ++i, arg));
                    case "--candidate-jvm-option" -> candidateJvmOptions.add(value(args, ++i, arg));
                    case "--aot-cache" -> aotCache = true;
                    case "--worker-heap" -> heap = value(args, ++i, arg);
                    case "--worker-setting" -> {
                        String setting = value(args, ++i, arg);
                        int equals = setting.indexOf('=');
                        if (equals < 1) {
                            problems.add("--worker-setting '" + setting + "' must be NAME=VALUE");
                        } else {
                            settings.put(setting.substring(0, equals), setting.substring(equals + 1));
                        }
                    }
                    case "--peer" -> peer = value(args, ++i, arg);
                    case "--peer-heap" -> peerHeap = value(args, ++i, arg);
                    case "--decoder" -> decoder = value(args, ++i, arg);
                    case "--profile" -> profile = true;
                    case "--results" -> results = Path.of(value(args, ++i, arg));
                    case "--cache" -> cache = Path.of(value(args, ++i, arg));
                    case "--help", "-h" -> throw new IllegalArgumentException("help requested");
                    default -> problems.add("unknown argument '" + arg + "'");
                }
            } catch (NumberFormatException e) {
                problems.add(arg + " needs a whole number, got '" + args[i] + "'");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new BenchOptions(rows, txRows, bigTx, load, memoryRows >= rows ? 0 : memoryRows, runs, shards, rate,
                latencyTxRows, Duration.ofSeconds(latencySeconds), Duration.ofSeconds(warmupSeconds),
                jar == null ? WorkerJar.find() : jar, candidate, heap, settings, peer, peerHeap, decoder, profile,
                results, cache, crashes, candidateJvmOptions, aotCache);
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[index];
    }

    /** Finds the worker's jar from the repository root or the benchmark module. */
    static final class WorkerJar {
        private WorkerJar() {}

        static Path find() {
            for (Path dir : List.of(Path.of("worker", "target"), Path.of("..", "worker", "target"))) {
                if (Files.isDirectory(dir)) {
                    try (var files = Files.list(dir)) {
                        var jar = files.filter(f -> f.getFileName().toString().matches("worker-.*-all\\.jar"))
                                .findFirst();
                        if (jar.isPresent()) {
                            return jar.get();
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
            return null;
        }
    }
}
