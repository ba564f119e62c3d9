package io.slot2kinesis.bench;

import io.slot2kinesis.localstack.StreamReader;
import io.slot2kinesis.localstack.kinesis.FastKinesis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** The measurements of one benchmark, each run once per call, recorded into {@link Samples}. */
final class Phases {
    private static final double MIB = 1024 * 1024;

    private final BenchDatabase database;
    private final FastKinesis kinesis;
    private final KinesisClient client;
    private final BenchOptions options;
    private final Progress progress;
    private final Path logs;
    private final Samples samples;
    private final DecodeLimit decoder;

    Phases(BenchDatabase database, FastKinesis kinesis, KinesisClient client, BenchOptions options, Progress progress,
            Path logs, Samples samples, DecodeLimit decoder) {
        this.database = database;
        this.kinesis = kinesis;
        this.client = client;
        this.options = options;
        this.progress = progress;
        this.logs = logs;
        this.samples = samples;
        this.decoder = decoder;
    }

    /** A pre-filled slot: its template, its end, its size, and how it is named in the table. */
    record Workload(String key, String label, String template, String endLsn, long rows) {}

    /**
     * A limit measured with the machine to itself: its rate, and the share of the machine's CPUs it kept busy
     * (walsender and reader, or the SDK loop and the endpoint).
     */
    record Limit(double perSecond, double machineBusy) {

        /** Machine-seconds of CPU one record costs at this limit. */
        double machineSecondsPerRecord() {
            return Math.max(machineBusy, 0.01) / perSecond;
        }

        /**
         * The rate both ends could sustain together on this machine if neither wasted a cycle: a drain needs the
         * decoder and the endpoint at once, and on two CPUs they share them, so their per-record costs add up.
         */
        static double shared(Limit decode, Limit endpoint) {
            return 1 / (decode.machineSecondsPerRecord() + endpoint.machineSecondsPerRecord());
        }
    }

    /** A contender drains a copy of the workload's slot; returns its records/s. */
    double drain(Contender contender, Workload workload, String tag, AtomicLong meanRecordBytes) {
        String slot = "run_" + tag;
        String stream = contender.stream(tag, BenchDatabase.TABLE);
        String name = contender.name();
        database.copySlot(workload.template(), slot);
        kinesis.createStream(stream, options.shards());
        progress.step(name + " draining " + workload.label() + " (" + tag + ")");
        try {
            Drain drain = Drain.await(kinesis, stream, workload.rows(), contender.start(tag, slot, logs), progress,
                    name + " " + tag);
            if (drain.records() < workload.rows()) {
                throw new IllegalStateException(name + " delivered " + drain.records() + " of " + workload.rows()
                        + " records");
            }
            if (meanRecordBytes != null && meanRecordBytes.get() == 0) {
                meanRecordBytes.set(meanRecordBytes(stream));
            }
            String key = workload.key() + "." + name;
            samples.add(key + ".records_per_s", name + " throughput, " + workload.label(), "records/s",
                    drain.recordsPerSecond());
            samples.add(key + ".startup_s", name + " first record after launch, " + workload.label(), "s",
                    drain.startupSeconds());
            samples.add(key + ".peak_rss_mib", name + " peak RSS, " + workload.label(), "MiB",
                    drain.usage().peakRssBytes() / MIB);
            samples.add(key + ".heap_live_mib", name + " heap after GC (max), " + workload.label(), "MiB",
                    drain.heap().maxAfterGcBytes() / MIB);
            samples.add(key + ".heap_peak_mib", name + " heap before GC (max), " + workload.label(), "MiB",
                    drain.heap().maxBeforeGcBytes() / MIB);
            samples.add(key + ".cpu_s", name + " CPU time, " + workload.label(), "s", drain.usage().cpuSeconds());
            samples.add(key + ".cpu_us_per_record", name + " CPU per record, " + workload.label(), "µs",
                    drain.usage().cpuSeconds() * 1e6 / workload.rows());
            samples.add(key + ".duplicates", name + " records beyond the rows, " + workload.label(), "records",
                    drain.extra());
            samples.add(key + ".machine_busy", "machine CPU busy while " + name + " drained, " + workload.label(),
                    "share", drain.machineBusy());
            StringBuilder threads = new StringBuilder();
            drain.cpuByThread().forEach((thread, cpu) -> threads.append(String.format(" %s=%.1f", thread, cpu)));
            progress.step(String.format("  %s: %,.0f records/s, machine %.0f%% busy; CPU seconds by thread:%s", name,
                    drain.recordsPerSecond(), drain.machineBusy() * 100, threads));
            return drain.recordsPerSecond();
        } finally {
            database.dropSlot(slot);
            client.deleteStream(r -> r.streamName(stream));
        }
    }

    /**
     * {@code contender} with an AOT cache (JDK 25: JEP 483, 514, 515) that a training run of it made by draining a copy
     * of the workload's slot with {@code -XX:AOTCacheOutput}: the JVM records loaded classes and method profiles,
     * and when it exits (the worker's {@code Runtime.halt} after SIGTERM included) assembles the cache in a child
     * JVM. The cache only fits the same JVM build and the same jar, which the benchmark runs.
     */
    WorkerContender withAotCache(WorkerContender contender, Workload workload) {
        Path cache = logs.resolve(contender.name() + ".aot");
        WorkerContender training = contender.withJvmOptions("training", List.of("-XX:AOTCacheOutput=" + cache));
        drain(training, workload, workload.key() + "t", null);
        if (!Files.isRegularFile(cache)) {
            throw new IllegalStateException("the training run wrote no AOT cache " + cache + "; see its log "
                    + logs.resolve("training-" + workload.key() + "t.log"));
        }
        progress.step(String.format("  AOT cache %s: %,d bytes", cache.getFileName(), cache.toFile().length()));
        return contender.withJvmOptions(contender.name(), List.of("-XX:AOTCache=" + cache));
    }

    /**
     * The worker's initial load of the {@code rows} rows the last fill left in the table: it creates its slot with an
     * exported snapshot and publishes every row as a {@code load} record before streaming; returns rows/s.
     */
    double initialLoad(Contender loader, long rows, String label, String tag) {
        String slot = "load_" + tag;
        String stream = loader.stream(tag, BenchDatabase.TABLE);
        kinesis.createStream(stream, options.shards());
        progress.step(loader.name() + " initial load of " + label + " (" + tag + ")");
        try {
            Drain drain = Drain.await(kinesis, stream, rows, loader.start(tag, slot, logs), progress,
                    loader.name() + " " + tag);
            samples.add("load.worker.rows_per_s", "worker initial load (S2K_INITIAL_LOAD=on-create), " + label,
                    "rows/s", drain.recordsPerSecond());
            samples.add("load.worker.startup_s", "worker first load record after launch (slot creation included), "
                    + label, "s", drain.startupSeconds());
            samples.add("load.worker.peak_rss_mib", "worker peak RSS during the initial load, " + label, "MiB",
                    drain.usage().peakRssBytes() / MIB);
            samples.add("load.worker.cpu_us_per_record", "worker CPU per row loaded, " + label, "µs",
                    drain.usage().cpuSeconds() * 1e6 / rows);
            progress.step(String.format("  %s: %,.0f rows/s", loader.name(), drain.recordsPerSecond()));
            return drain.recordsPerSecond();
        } finally {
            database.dropSlot(slot);
            client.deleteStream(r -> r.streamName(stream));
        }
    }

    /** The decode limit on a copy of the workload's slot. */
    Limit decode(Workload workload, String tag) throws Exception {
        String slot = "dec_" + tag;
        database.copySlot(workload.template(), slot);
        progress.step(decoder.reader() + " draining " + workload.label() + " to nowhere (" + tag + ")");
        try {
            MachineCpu before = MachineCpu.now();
            double rate = workload.rows() / decoder.drain(slot, workload.endLsn());
            double busy = MachineCpu.now().busySince(before);
            samples.add(workload.key() + ".decode.machine_busy", "machine CPU busy while " + decoder.reader()
                    + " drained, " + workload.label(), "share", busy);
            samples.add(workload.key() + ".decode.rows_per_s", "decode limit (" + decoder.reader() + "), "
                    + workload.label(), "rows/s", rate);
            return new Limit(rate, busy);
        } finally {
            database.dropSlot(slot);
        }
    }

    /** The endpoint limit with records of {@code recordBytes}. */
    Limit endpoint(long records, int recordBytes, String tag) throws Exception {
        String stream = "bare-" + tag;
        kinesis.createStream(stream, options.shards());
        progress.step("bare SDK PutRecords loop: " + records + " records of " + recordBytes + " bytes (" + tag + ")");
        try {
            MachineCpu before = MachineCpu.now();
            int inFlight = Integer.parseInt(
                    WorkerContender.settings(options.workerSettings()).get("S2K_REQUESTS_IN_FLIGHT"));
            double rate = records / EndpointLimit.run(kinesis.endpoint(), stream, records, recordBytes, inFlight,
                    progress);
            if (kinesis.recordsStored(stream) != records) {
                throw new IllegalStateException("the bare loop stored " + kinesis.recordsStored(stream) + " of "
                        + records + " records");
            }
            double busy = MachineCpu.now().busySince(before);
            samples.add("endpoint.machine_busy", "machine CPU busy during the bare PutRecords loop", "share", busy);
            samples.add("endpoint.records_per_s", "endpoint limit (bare SDK PutRecords, " + recordBytes + " B records)",
                    "records/s", rate);
            return new Limit(rate, busy);
        } finally {
            client.deleteStream(r -> r.streamName(stream));
        }
    }

    /** How long the worker runs between crashes: below the default S2K_STATUS_INTERVAL (10 s), as DuplicatesPerCrashIT. */
    static final Duration CRASH_UPTIME = Duration.ofSeconds(9);

    /**
     * DuplicatesPerCrashIT's measurement: a steady load at the latency rate into a fresh slot, the worker killed
     * (SIGKILL) {@code crashes} times after {@link #CRASH_UPTIME} each and started again, then, once every row
     * arrived, the records beyond the rows written, per crash. FastKinesis counts every record stored.
     */
    void duplicatesPerCrash(Contender worker, int crashes, String tag) throws Exception {
        String slot = "crash_" + tag;
        String stream = worker.stream(tag, BenchDatabase.LIVE_TABLE);
        database.postgres().execute("TRUNCATE public." + BenchDatabase.LIVE_TABLE);
        database.createSlot(slot);
        kinesis.createStream(stream, options.shards());
        progress.step(worker.name() + " killed " + crashes + " time(s), " + CRASH_UPTIME.toSeconds() + " s apart, at "
                + options.latencyRate() + " rows/s (" + tag + ")");
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().name("crash-load").start(() -> steadyLoad(writing, written, failed));
        long started = System.nanoTime();
        try {
            for (int run = 0; run <= crashes; run++) {
                // one tag, so one stream; each start rewrites the log, which the last run's keeps
                try (ChildProcess process = worker.start(tag, slot, logs)) {
                    Thread.sleep(CRASH_UPTIME);
                    if (!process.alive()) {
                        throw Drain.failure(process, worker.name() + " exited before crash " + (run + 1));
                    }
                    if (run < crashes) {
                        process.kill();
                        continue;
                    }
                    writing.set(false);
                    writer.join();
                    if (failed.get() != null) {
                        throw failed.get();
                    }
                    double rate = written.get() / ((System.nanoTime() - started) / 1e9);
                    long stored = awaitStored(stream, written.get(), process);
                    double perCrash = (stored - written.get()) / (double) crashes;
                    samples.add("crash.worker.duplicates_per_crash", "worker records sent twice per SIGKILL, "
                            + CRASH_UPTIME.toSeconds() + " s after each start, at " + Math.round(rate) + " rows/s",
                            "records", perCrash);
                    progress.step(String.format("  %,d rows written, %,d records stored: %.0f per crash (%.2f s of"
                            + " traffic)", written.get(), stored, perCrash, perCrash / rate));
                }
            }
        } finally {
            writing.set(false);
            writer.join();
            database.dropSlot(slot);
            client.deleteStream(r -> r.streamName(stream));
        }
    }

    /** Rows at the latency rate and transaction size until {@code writing} turns false. */
    private void steadyLoad(AtomicBoolean writing, AtomicLong written, AtomicReference<Exception> failed) {
        int perTransaction = options.latencyTransactionRows();
        long every = 1_000_000_000L * perTransaction / options.latencyRate();
        try (Connection connection = database.postgres().connect();
                PreparedStatement insert = database.liveInsert(connection)) {
            long next = System.nanoTime();
            while (writing.get()) {
                long first = written.get() + 1;
                insert.setLong(1, System.currentTimeMillis() * 1000);
                insert.setLong(2, first);
                insert.setLong(3, first + perTransaction - 1);
                insert.executeUpdate();
                written.addAndGet(perTransaction);
                next += every;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        } catch (Exception e) {
            failed.set(e);
        }
    }

    /** Waits until the stream holds {@code rows} records and has held its count for a second; returns the count. */
    private long awaitStored(String stream, long rows, ChildProcess process) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        long count = -1;
        long since = System.nanoTime();
        while (true) {
            long now = kinesis.recordsStored(stream);
            if (now != count) {
                count = now;
                since = System.nanoTime();
            } else if (count >= rows && System.nanoTime() - since > 1_000_000_000L) {
                return count;
            }
            if (System.nanoTime() > deadline) {
                throw Drain.failure(process, "the worker stored " + count + " records of " + rows + " rows within"
                        + " 60 s of its last restart");
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    /** Commit-to-readable latency of one contender at the fixed rate. */
    void latency(Contender contender, String tag) throws Exception {
        String name = contender.name();
        progress.step(name + " latency at " + options.latencyRate() + " rows/s, " + options.latencyTransactionRows()
                + " rows per transaction (" + tag + ")");
        LatencyProbe.Result result = new LatencyProbe(database, kinesis, client, options, progress)
                .measure(contender, tag, logs);
        String rate = " at " + options.latencyRate() + " rows/s";
        samples.add("latency." + name + ".p50_ms", name + " latency p50" + rate, "ms", result.p50Millis());
        samples.add("latency." + name + ".p99_ms", name + " latency p99" + rate, "ms", result.p99Millis());
        samples.add("latency." + name + ".max_ms", name + " latency max" + rate, "ms", result.maxMillis());
        samples.add("latency." + name + ".startup_s", name + " start-up (launch to first record, empty slot)", "s",
                result.startupSeconds());
        samples.add("latency." + name + ".peak_rss_mib", name + " peak RSS" + rate, "MiB",
                result.usage().peakRssBytes() / MIB);
    }

    void record(String key, String label, String unit, double value) {
        samples.add(key, label, unit, value);
    }

    void ratio(String key, String label, double numerator, double denominator) {
        samples.add(key, label, "ratio", numerator / denominator);
    }

    private long meanRecordBytes(String stream) {
        long[] totals = new long[2];
        new StreamReader(client, stream).poll(record -> {
            totals[0] += record.data().asByteArrayUnsafe().length;
            totals[1]++;
        });
        return totals[1] == 0 ? 600 : totals[0] / totals[1];
    }
}
