package io.slot2kinesis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark end to end at a tiny size, so the command keeps working; the figures themselves are not judged. */
class BenchSmokeIT {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void measuresEveryFigureOnATinySlotAndWritesTheResults(@TempDir Path results) throws Exception {
        String jar = System.getProperty("bench.workerJar");
        BenchOptions options = BenchOptions.parse(new String[] {"--rows", "5000", "--runs", "1",
                "--latency-seconds", "3", "--warmup-seconds", "1", "--latency-rate", "200", "--crashes", "1",
                "--aot-cache", "--worker-jar", jar, "--results", results.toString()});

        Report report = new Bench(options).run();

        assertThat(report.stat("a.worker.records_per_s").median()).isPositive();
        assertThat(report.stat("a.worker.duplicates").median()).isZero();
        assertThat(report.stat("a.decode.rows_per_s").median()).isPositive();
        assertThat(report.stat("endpoint.records_per_s").median()).isPositive();
        assertThat(report.stat("b.worker.records_per_s").median()).isPositive();
        assertThat(report.stat("a.worker.peak_rss_mib").median()).isPositive();
        assertThat(report.stat("a.worker.cpu_s").median()).isPositive();
        assertThat(report.stat("latency.worker.p99_ms").median()).isPositive();
        assertThat(report.stat("a.shared_bound.records_per_s").median())
                .isPositive().isLessThanOrEqualTo(report.stat("a.decode.rows_per_s").median()
                        + report.stat("endpoint.records_per_s").median());
        assertThat(report.stat("a.worker.ratio_to_shared_bound").median()).isPositive();
        assertThat(report.stat("load.worker.rows_per_s").median()).isPositive();
        assertThat(report.stat("a.candidate.startup_s").median()).as("the worker with the AOT cache").isPositive();
        assertThat(report.stat("a.candidate.ratio_to_worker").median()).isPositive();
        assertThat(report.stat("crash.worker.duplicates_per_crash").median()).isNotNegative();
        assertThat(report.checks()).extracting(Report.Check::target)
                .anyMatch(target -> target.startsWith("worker throughput"))
                .anyMatch(target -> target.startsWith("worker p99 latency"));
        assertThat(Files.readString(results.resolve("latest.md"))).contains("| worker throughput, 5,000 rows");
        assertThat(Files.readString(results.resolve("latest.json"))).contains("\"a.worker.records_per_s\"");
    }
}
