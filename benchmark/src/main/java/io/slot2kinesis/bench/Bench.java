package io.slot2kinesis.bench;

import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.kinesis.FastKinesis;
import io.slot2kinesis.localstack.kinesis.FastKinesisOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * {@code bench}: the worker against the limits of its two ends, and optionally against Debezium Server, on an
 * embedded PostgreSQL and FastKinesis; prints a table and writes it to {@code bench-results/} as JSON and Markdown.
 * See {@link BenchOptions#USAGE}.
 */
public final class Bench {
    /** FastKinesis keeps this many records per shard: enough for the latency consumer, bounded for 1M rows. */
    private static final int RETAIN_PER_SHARD = 2_000;

    private final BenchOptions options;
    private final Progress progress = new Progress(System.err);

    public Bench(BenchOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--groups")) {
            runGroups(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            Report report = new Bench(options).run();
            System.exit(report.checks().stream().allMatch(Report.Check::met) ? 0 : 3);
        } catch (Exception e) {
            System.err.println("bench failed: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /** {@code bench --groups [options]}: two table groups against one worker ({@link GroupsBench}). */
    private static void runGroups(String[] args) {
        try {
            GroupsBench.main(args);
            System.exit(0);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
        } catch (Exception e) {
            System.err.println("bench --groups failed: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /** Runs every measurement, prints the table on stdout, writes the results; returns them. */
    public Report run() throws Exception {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path logs = Files.createDirectories(options.results().resolve("logs-" + stamp)).toAbsolutePath();
        DebeziumDistribution debezium = options.withPeer()
                ? DebeziumDistribution.ensure(options.cache(), progress::step) : null;
        Samples samples = new Samples();
        Report report = new Report();
        progress.step("starting PostgreSQL and FastKinesis");
        try (LocalPostgres postgres = LocalPostgres.start();
                FastKinesis kinesis = FastKinesis.start(FastKinesisOptions.onPort(0)
                        .withRetainLastPerShard(RETAIN_PER_SHARD));
                KinesisClient client = EndpointLimit.client(kinesis.endpoint())) {
            BenchDatabase database = new BenchDatabase(postgres);
            database.createSchema();
            DecodeLimit decoder = DecodeLimit.choose(postgres, options.decoder());
            Phases phases = new Phases(database, kinesis, client, options, progress, logs, samples, decoder);
            WorkerContender candidate = !options.withCandidate() ? null
                    : new WorkerContender("candidate", options.candidateJar() == null ? options.workerJar()
                            : options.candidateJar(), options.workerHeap(), options.workerSettings(),
                            options.profile(), postgres, kinesis.endpoint())
                            .withJvmOptions("candidate", options.candidateJvmOptions());
            Contender worker = new WorkerContender("worker", options.workerJar(), options.workerHeap(),
                    options.workerSettings(), options.profile(),
                    postgres, kinesis.endpoint());
            Contender peer = debezium == null ? null
                    : new DebeziumContender(debezium, options.peerHeap(), postgres, kinesis.endpoint());
            context(report, decoder);
            measureBatched(database, phases, worker, candidate, peer, report);
            if (options.initialLoad()) {
                // the batched fill's rows are still in the table: the data set every other figure uses
                Contender loader = new WorkerContender("loader", options.workerJar(), options.workerHeap(),
                        WorkerContender.withInitialLoad(options.workerSettings()), options.profile(), postgres,
                        kinesis.endpoint());
                for (int run = 1; run <= options.runs(); run++) {
                    phases.initialLoad(loader, options.rows(), String.format("%,d rows", options.rows()),
                            "i" + run);
                }
            }
            if (options.memoryCheckRows() > 0) {
                measureSmallSlot(database, phases, worker);
            }
            if (options.bigTransaction()) {
                measureBigTransaction(database, phases, worker);
            }
            if (options.crashes() > 0) {
                phases.duplicatesPerCrash(worker, options.crashes(), "k");
            }
            if (options.latency()) {
                for (int run = 1; run <= options.runs(); run++) {
                    phases.latency(worker, "l" + run + "w");
                    if (peer != null) {
                        phases.latency(peer, "l" + run + "d");
                    }
                }
            }
        }
        samples.addTo(report);
        Targets.check(report, options);
        System.out.print(report.text());
        Path written = report.write(options.results(), stamp);
        progress.step("results: " + written + " (and .json); process logs: " + logs);
        return report;
    }

    private void context(Report report, DecodeLimit decoder) {
        report.context("date", LocalDateTime.now().withNano(0).toString());
        report.context("machine", Runtime.getRuntime().availableProcessors() + " CPUs, Java "
                + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        report.context("rows", options.rows() + " in transactions of " + options.transactionRows());
        report.context("runs", options.runs());
        report.context("shards", options.shards());
        if (options.withCandidate()) {
            report.context("candidate", (options.candidateJar() == null ? "the worker jar"
                    : options.candidateJar().toString()) + (options.candidateJvmOptions().isEmpty() ? ""
                    : " with " + String.join(" ", options.candidateJvmOptions()))
                    + (options.aotCache() ? ", -XX:AOTCache from a training run on the same slot" : ""));
        }
        report.context("worker", "java -Xmx" + options.workerHeap() + " -jar " + options.workerJar().getFileName()
                + " run, " + WorkerContender.settings(options.workerSettings()));
        report.context("decode limit reader", decoder.reader());
        report.context("peer", options.withPeer() ? "Debezium Server " + DebeziumDistribution.VERSION + " (-Xmx "
                + (options.peerHeap().isEmpty() ? "JVM default" : options.peerHeap()) + ")" : "none");
        report.context("endpoint", "FastKinesis in the benchmark's JVM, per-shard limits off");
    }

    private void measureBatched(BenchDatabase database, Phases phases, Contender worker, WorkerContender candidate,
            Contender peer, Report report) throws Exception {
        Phases.Workload workload = fill(database, "a", options.rows(), options.transactionRows());
        if (options.aotCache()) {
            candidate = phases.withAotCache(candidate, workload);
        }
        AtomicLong recordBytes = new AtomicLong();
        for (int run = 1; run <= options.runs(); run++) {
            double workerRate = phases.drain(worker, workload, "a" + run + "w", recordBytes);
            Phases.Limit decode = phases.decode(workload, "a" + run);
            Phases.Limit endpoint = phases.endpoint(options.rows(), (int) recordBytes.get(), "e" + run);
            phases.ratio("a.worker.ratio_to_limit", "worker / lower limit, " + workload.label(), workerRate,
                    Math.min(decode.perSecond(), endpoint.perSecond()));
            double shared = Phases.Limit.shared(decode, endpoint);
            phases.record("a.shared_bound.records_per_s", "decoder and endpoint sharing the machine (bound), "
                    + workload.label(), "records/s", shared);
            phases.ratio("a.worker.ratio_to_shared_bound", "worker / shared bound, " + workload.label(), workerRate,
                    shared);
            if (candidate != null) {
                double candidateRate = phases.drain(candidate, workload, "a" + run + "c", null);
                phases.ratio("a.candidate.ratio_to_worker", "candidate / worker throughput, " + workload.label(),
                        candidateRate, workerRate);
            }
            if (peer != null) {
                double peerRate = phases.drain(peer, workload, "a" + run + "d", null);
                phases.ratio("a.worker.ratio_to_peer", "worker / Debezium Server throughput, " + workload.label(),
                        workerRate, peerRate);
            }
        }
        report.context("mean worker record size", recordBytes.get() + " bytes");
        database.dropSlot(workload.template());
    }

    private void measureSmallSlot(BenchDatabase database, Phases phases, Contender worker) throws Exception {
        Phases.Workload workload = fill(database, "c", options.memoryCheckRows(), options.transactionRows());
        for (int run = 1; run <= options.runs(); run++) {
            phases.drain(worker, workload, "c" + run + "w", null);
        }
        database.dropSlot(workload.template());
    }

    private void measureBigTransaction(BenchDatabase database, Phases phases, Contender worker) throws Exception {
        Phases.Workload workload = fill(database, "b", options.rows(), options.rows());
        for (int run = 1; run <= options.runs(); run++) {
            double workerRate = phases.drain(worker, workload, "b" + run + "w", null);
            Phases.Limit decode = phases.decode(workload, "b" + run);
            phases.ratio("b.worker.ratio_to_decode", "worker / decode limit, " + workload.label(), workerRate,
                    decode.perSecond());
        }
        database.dropSlot(workload.template());
    }

    private Phases.Workload fill(BenchDatabase database, String key, long rows, long perTransaction)
            throws Exception {
        String label = String.format("%,d rows", rows) + (perTransaction >= rows ? " in one transaction"
                : String.format(", %,d per transaction", perTransaction));
        progress.step("filling the slot: " + label);
        String template = "tmpl_" + key;
        String start = database.currentLsn();
        long began = System.nanoTime();
        String end = database.fill(template, rows, perTransaction,
                done -> progress.count("rows committed", done, rows, began));
        progress.step(String.format("  %,d bytes of WAL (%d per row)", database.walBytes(start, end),
                database.walBytes(start, end) / rows));
        return new Phases.Workload(key, label, template, end, rows);
    }
}
