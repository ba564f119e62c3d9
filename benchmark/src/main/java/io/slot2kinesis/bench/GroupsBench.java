package io.slot2kinesis.bench;

import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.kinesis.FastKinesis;
import io.slot2kinesis.localstack.kinesis.FastKinesisOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bench --groups}: the aggregate rate of two table groups (two worker processes, each reading its own slot
 * with half the tables) against one worker reading every table, on the same rows: two tables filled with
 * {@code --rows} rows each, every reader a copy of one template slot made before the fill. Measured in the same run,
 * alternating which goes first; reports records/s of each and the ratio two groups / one worker.
 */
final class GroupsBench {
    static final String[] TABLES = {"bench_ga", "bench_gb"};
    private static final String GROUPS = """
            {"groups": [
              {"name": "a", "tables": [{"schema-name": "public", "table-name": "bench[_]ga"}]},
              {"name": "b", "default": true}
            ]}""";
    private static final String MAPPINGS = """
            {"rules": [{"rule-type": "selection", "rule-id": "1", "rule-name": "groups-bench",
              "object-locator": {"schema-name": "public", "table-name": "bench[_]g_"}, "rule-action": "include"}]}""";
    private static final Duration STALL_TIMEOUT = Duration.ofSeconds(90);

    private final BenchOptions options;
    private final Progress progress = new Progress(System.err);
    private final Samples samples = new Samples();

    GroupsBench(BenchOptions options) {
        this.options = options;
    }

    static void main(String[] args) throws Exception {
        BenchOptions options = BenchOptions.parse(args);
        Report report = new GroupsBench(options).run();
        System.out.print(report.text());
    }

    Report run() throws Exception {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path logs = Files.createDirectories(options.results().resolve("logs-groups-" + stamp)).toAbsolutePath();
        Path groupsFile = Files.writeString(logs.resolve("table-groups.json"), GROUPS);
        Path mappingsFile = Files.writeString(logs.resolve("table-mappings.json"), MAPPINGS);
        Report report = new Report();
        progress.step("starting PostgreSQL and FastKinesis");
        try (LocalPostgres postgres = LocalPostgres.start();
                FastKinesis kinesis = FastKinesis.start(FastKinesisOptions.onPort(0).withRetainLastPerShard(100))) {
            for (String table : TABLES) {
                postgres.execute("CREATE TABLE public." + table + " " + BenchDatabase.COLUMNS);
            }
            postgres.execute("CREATE PUBLICATION bench_one FOR TABLE public.bench_ga, public.bench_gb",
                    "CREATE PUBLICATION bench_grp_a FOR TABLE public.bench_ga",
                    "CREATE PUBLICATION bench_grp_b FOR TABLE public.bench_gb",
                    "SELECT pg_create_logical_replication_slot('tmpl_groups', 'pgoutput')");
            fill(postgres);
            Map<String, String> common = new LinkedHashMap<>(options.workerSettings());
            common.put("S2K_TABLE_MAPPINGS", mappingsFile.toString());
            Map<String, String> one = new LinkedHashMap<>(common);
            one.put("S2K_PUBLICATION", "bench_one");
            List<WorkerContender> groups = new ArrayList<>();
            for (String group : List.of("a", "b")) {
                Map<String, String> settings = new LinkedHashMap<>(common);
                settings.put("S2K_PUBLICATION", "bench_grp");
                settings.put("S2K_TABLE_GROUPS", groupsFile.toString());
                settings.put("S2K_GROUP", group);
                groups.add(contender("group-" + group, settings, postgres, kinesis));
            }
            WorkerContender single = contender("one", one, postgres, kinesis);
            long total = 2 * options.rows();
            for (int run = 1; run <= options.runs(); run++) {
                double oneRate = 0;
                double twoRate = 0;
                for (int turn = 0; turn < 2; turn++) {
                    if ((turn == 0) == (run % 2 == 1)) {
                        oneRate = drain(postgres, kinesis, List.of(single), "one_" + run, "" + run, logs,
                                List.of(total));
                    } else {
                        twoRate = drain(postgres, kinesis, groups, "grp_" + run, "" + run, logs,
                                List.of(options.rows(), options.rows()));
                    }
                }
                samples.add("groups.one.records_per_s", "one worker, all tables", "records/s", oneRate);
                samples.add("groups.two.records_per_s", "two groups, aggregate (first record to last)",
                        "records/s", twoRate);
                samples.add("groups.ratio", "two groups / one worker", "ratio", twoRate / oneRate);
                progress.step(String.format("  run %d: one worker %,.0f records/s, two groups %,.0f records/s, "
                        + "ratio %.2f", run, oneRate, twoRate, twoRate / oneRate));
            }
        }
        report.context("date", LocalDateTime.now().withNano(0).toString());
        report.context("machine", Runtime.getRuntime().availableProcessors() + " CPUs, Java " + Runtime.version());
        report.context("rows", String.format("%,d per table, 2 tables, transactions of %,d rows", options.rows(),
                options.transactionRows()));
        report.context("worker", "java -Xmx" + options.workerHeap() + " -jar " + options.workerJar().getFileName()
                + " run, " + WorkerContender.settings(options.workerSettings()));
        report.context("endpoint", "FastKinesis in the benchmark's JVM, per-shard limits off, "
                + options.shards() + " shards per stream");
        samples.addTo(report);
        Path written = report.write(options.results(), "groups-" + stamp);
        progress.step("results: " + written + " (and .json); process logs: " + logs);
        return report;
    }

    private WorkerContender contender(String name, Map<String, String> settings, LocalPostgres postgres,
            FastKinesis kinesis) {
        return new WorkerContender(name, options.workerJar(), options.workerHeap(), settings, false, postgres,
                kinesis.endpoint());
    }

    /** Rows into both tables, alternating, in transactions of --tx-rows: each group's share of the WAL is even. */
    private void fill(LocalPostgres postgres) throws Exception {
        long began = System.nanoTime();
        try (Connection connection = postgres.connect()) {
            List<PreparedStatement> inserts = new ArrayList<>();
            for (String table : TABLES) {
                inserts.add(connection.prepareStatement("INSERT INTO public." + table + " SELECT g, 0,"
                        + " (g % 5000)::int, 'paid', (g % 100000) / 100.0, md5(g::text), now()"
                        + " FROM generate_series(?, ?) g"));
            }
            for (long first = 1; first <= options.rows(); first += options.transactionRows()) {
                long last = Math.min(options.rows(), first + options.transactionRows() - 1);
                for (PreparedStatement insert : inserts) {
                    insert.setLong(1, first);
                    insert.setLong(2, last);
                    insert.executeUpdate();
                }
                progress.count("rows committed per table", last, options.rows(), began);
            }
            for (PreparedStatement insert : inserts) {
                insert.close();
            }
        }
    }

    /**
     * Starts the contenders together, each on its copy of the template slot ({@code slot} for one, {@code slot_<group>}
     * for groups), and waits until each stream holds its expected count; returns the aggregate records/s from the first
     * record stored in any stream to the last.
     */
    private double drain(LocalPostgres postgres, FastKinesis kinesis, List<WorkerContender> contenders, String slot,
            String tag, Path logs, List<Long> expected) {
        List<ChildProcess> processes = new ArrayList<>();
        List<String> streams = new ArrayList<>();
        List<String> slots = new ArrayList<>();
        for (WorkerContender contender : contenders) {
            String copy = contenders.size() == 1 ? slot : slot + "_" + contender.name().substring("group-".length());
            postgres.execute("SELECT pg_copy_logical_replication_slot('tmpl_groups', '" + copy + "')");
            slots.add(copy);
            streams.add(contender.stream(tag, null));
            kinesis.createStream(contender.stream(tag, null), options.shards());
        }
        progress.step((contenders.size() == 1 ? "one worker" : contenders.size() + " groups") + " draining ("
                + tag + ")");
        try {
            for (WorkerContender contender : contenders) {
                processes.add(contender.start(tag, slot, logs));
            }
            long first = 0;
            long last = 0;
            long lastChange = System.nanoTime();
            long seen = 0;
            while (true) {
                long now = System.nanoTime();
                long stored = 0;
                boolean done = true;
                for (int i = 0; i < streams.size(); i++) {
                    long count = kinesis.recordsStored(streams.get(i));
                    stored += count;
                    done &= count >= expected.get(i);
                }
                if (stored > 0 && first == 0) {
                    first = now;
                }
                if (stored != seen) {
                    seen = stored;
                    lastChange = now;
                    last = now;
                }
                if (done) {
                    return expected.stream().mapToLong(Long::longValue).sum() / ((last - first) / 1e9);
                }
                for (ChildProcess process : processes) {
                    if (!process.alive()) {
                        throw Drain.failure(process, process.name() + " exited after " + stored + " records");
                    }
                }
                if (Duration.ofNanos(now - lastChange).compareTo(STALL_TIMEOUT) > 0) {
                    throw Drain.failure(processes.get(0), "no new record for " + STALL_TIMEOUT.toSeconds()
                            + " s after " + stored + " records");
                }
                LockSupport.parkNanos(2_000_000);
            }
        } finally {
            processes.forEach(ChildProcess::close);
            for (String copy : slots) {
                postgres.execute("SELECT pg_drop_replication_slot('" + copy + "')");
            }
        }
    }
}
