package io.slot2kinesis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.kinesis.FastKinesis;
import io.slot2kinesis.localstack.kinesis.FastKinesisOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Huge transactions and huge rows stream through a worker whose heap is far smaller than the transaction: nothing
 * holds a whole transaction. Runs against FastKinesis, which keeps up and keeps only the last records.
 */
@Timeout(600)
class BoundedMemoryIT {
    private static final int ROWS = Integer.getInteger("s2k.bigTransactionRows", 2_000_000);

    private static Map<String, String> settings(LocalPostgres postgres, FastKinesis kinesis, String stream) {
        Map<String, String> settings = new HashMap<>();
        settings.put("PGHOST", postgres.host());
        settings.put("PGPORT", Integer.toString(postgres.port()));
        settings.put("PGUSER", LocalPostgres.USER);
        settings.put("PGSSLMODE", "disable");
        settings.put("S2K_STREAM", stream);
        settings.put("AWS_REGION", "us-east-1");
        settings.put("AWS_ENDPOINT_URL_KINESIS", kinesis.endpoint().toString());
        settings.put("AWS_ACCESS_KEY_ID", "local");
        settings.put("AWS_SECRET_ACCESS_KEY", "local");
        settings.put("S2K_STATUS_INTERVAL", "1s");
        settings.put("S2K_PROGRESS_INTERVAL", "5s");
        settings.put("S2K_METRICS", "off");
        settings.put("S2K_BUFFER_BYTES", "16MB");
        settings.put("S2K_REQUESTS_IN_FLIGHT", "8");
        return settings;
    }

    private static void awaitStored(FastKinesis kinesis, String stream, long count, WorkerProcess worker,
            Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (kinesis.recordsStored(stream) < count) {
            assertThat(worker.process.isAlive()).as("the worker is running; its output is in %s:%n%s", worker.log,
                    worker.process.isAlive() ? "" : worker.output()).isTrue();
            assertThat(System.nanoTime()).as("%s of %s records after %s", kinesis.recordsStored(stream), count,
                    timeout).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    @Test
    void streamsATransactionOfMillionsOfRowsThroughAHeapOf96Megabytes() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start();
                FastKinesis kinesis = FastKinesis.start(FastKinesisOptions.onPort(0).withRetainLastPerShard(100))) {
            kinesis.createStream("big", 4);
            postgres.execute("CREATE TABLE public.big (id bigint PRIMARY KEY, label text, amount numeric(12,2))");
            try (WorkerProcess worker = WorkerProcess.start(settings(postgres, kinesis, "big"), "96m", "bounded-memory")) {
                awaitStored(kinesis, "big", 0, worker, Duration.ofSeconds(1));
                waitForSlot(postgres);
                postgres.execute("INSERT INTO public.big SELECT g, 'row ' || g, g / 100.0 FROM generate_series(1, "
                        + ROWS + ") g");
                awaitStored(kinesis, "big", ROWS, worker, Duration.ofMinutes(8));
                assertThat(worker.output()).doesNotContain("OutOfMemoryError");
            }
        }
    }

    @Test
    void streamsANineMegabyteRowAndReplacesATwentyMegabyteOneWithAMarker() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(); FastKinesis kinesis = FastKinesis.start(0)) {
            kinesis.createStream("wide", 1, 10240);
            postgres.execute("CREATE TABLE public.wide (id int PRIMARY KEY, payload text)");
            Map<String, String> settings = settings(postgres, kinesis, "wide");
            settings.put("S2K_OVERSIZE", "skip");
            try (WorkerProcess worker = WorkerProcess.start(settings, "256m", "wide-rows")) {
                waitForSlot(postgres);
                postgres.execute(
                        "INSERT INTO public.wide SELECT 1, string_agg(md5(g::text), '') FROM generate_series(1, 280000) g",
                        "INSERT INTO public.wide SELECT 2, string_agg(md5(g::text), '') FROM generate_series(1, 640000) g");
                awaitStored(kinesis, "wide", 2, worker, Duration.ofMinutes(3));
                assertThat(worker.output()).contains("published a marker record in its place")
                        .doesNotContain("OutOfMemoryError");
            }
        }
    }

    private static void waitForSlot(LocalPostgres postgres) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (var connection = postgres.connect(); var statement = connection.createStatement();
                    var row = statement.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE active")) {
                row.next();
                if (row.getInt(1) > 0) {
                    return;
                }
            }
            assertThat(System.nanoTime()).as("the worker starts streaming").isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
