package io.slot2kinesis.bench;

/** The targets of issue 6, judged on medians measured in the same run. */
final class Targets {
    static final double LIMIT_SHARE = 0.8;
    static final double PEER_MULTIPLE = 2.0;
    static final double P99_MILLIS = 100;
    static final double RSS_SHARE_OF_PEER = 0.5;
    static final double RSS_GROWTH = 1.2;

    private Targets() {}

    static void check(Report report, BenchOptions options) {
        Stat ratio = report.stat("a.worker.ratio_to_limit");
        if (ratio != null) {
            report.check("worker throughput >= " + LIMIT_SHARE + " x the lower limit", ratio.median() >= LIMIT_SHARE,
                    String.format("median ratio %.2f (min %.2f, max %.2f): worker %s records/s, decode %s rows/s,"
                                    + " endpoint %s records/s; both ends sharing this machine's CPUs could do at"
                                    + " most %s records/s (worker / that bound: %s)", ratio.median(), ratio.min(),
                            ratio.max(), median(report, "a.worker.records_per_s"), median(report, "a.decode.rows_per_s"),
                            median(report, "endpoint.records_per_s"), median(report, "a.shared_bound.records_per_s"),
                            median(report, "a.worker.ratio_to_shared_bound")));
        }
        Stat peer = report.stat("a.worker.ratio_to_peer");
        if (peer != null) {
            report.check("worker throughput >= " + PEER_MULTIPLE + " x Debezium Server's",
                    peer.median() >= PEER_MULTIPLE, String.format("median ratio %.2f (min %.2f, max %.2f)",
                            peer.median(), peer.min(), peer.max()));
        }
        Stat p99 = report.stat("latency.worker.p99_ms");
        if (p99 != null) {
            report.check("worker p99 latency < " + (int) P99_MILLIS + " ms at " + options.latencyRate() + " rows/s",
                    p99.median() < P99_MILLIS, String.format("median p99 %.1f ms (min %.1f, max %.1f)",
                            p99.median(), p99.min(), p99.max()));
            Stat peerP99 = report.stat("latency.debezium.p99_ms");
            if (peerP99 != null) {
                report.check("worker p99 latency < Debezium Server's", p99.median() < peerP99.median(),
                        String.format("%.1f ms vs %.1f ms", p99.median(), peerP99.median()));
            }
        }
        Stat rss = report.stat("a.worker.peak_rss_mib");
        Stat peerRss = report.stat("a.debezium.peak_rss_mib");
        if (rss != null && peerRss != null) {
            report.check("worker peak RSS < " + RSS_SHARE_OF_PEER + " x Debezium Server's",
                    rss.median() < RSS_SHARE_OF_PEER * peerRss.median(),
                    String.format("%.0f MiB vs %.0f MiB", rss.median(), peerRss.median()));
        }
        Stat small = report.stat("c.worker.peak_rss_mib");
        if (rss != null && small != null) {
            report.check(String.format("worker peak RSS flat from %,d to %,d rows (within %.0f%%)",
                            options.memoryCheckRows(), options.rows(), (RSS_GROWTH - 1) * 100),
                    rss.median() <= RSS_GROWTH * small.median(),
                    String.format("%.0f MiB vs %.0f MiB (x%.2f)", rss.median(), small.median(),
                            rss.median() / small.median()));
        }
    }

    private static String median(Report report, String key) {
        Stat stat = report.stat(key);
        return stat == null ? "-" : Report.format(stat.median());
    }
}
