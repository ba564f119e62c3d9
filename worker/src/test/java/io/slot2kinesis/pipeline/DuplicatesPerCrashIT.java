package io.slot2kinesis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.StreamReader;
import io.slot2kinesis.localstack.kinesis.FastKinesis;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * How many records a SIGKILL makes the worker send twice: the worker runs as a process with its default settings,
 * a steady ~600 rows/s load runs, the worker is killed and restarted (twice by default), and every record is read
 * back. A restart re-sends what was accepted after the last acknowledged LSN the server was told about.
 */
@Timeout(600)
class DuplicatesPerCrashIT {
    /**
     * -Ds2k.crashes and -Ds2k.crashUptimeSeconds make a longer measurement. The default uptime stays below the default
     * S2K_STATUS_INTERVAL (10 s), where a worker that reports only on that timer re-sends everything it sent.
     */
    private static final int CRASHES = Integer.getInteger("s2k.crashes", 2);
    private static final int ROWS_PER_TRANSACTION = 6;
    private static final Duration TRANSACTION_EVERY = Duration.ofMillis(10);
    private static final Duration RUN_BEFORE_CRASH =
            Duration.ofSeconds(Integer.getInteger("s2k.crashUptimeSeconds", 9));

    @Test
    void aCrashSendsAtMostAboutOneSecondOfRecordsAgainAndLosesNone() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(); FastKinesis fast = FastKinesis.start(0);
                KinesisClient client = KinesisClient.builder().endpointOverride(fast.endpoint())
                        .region(Region.US_EAST_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("l", "l")))
                        .build()) {
            fast.createStream("crash", 2);
            postgres.execute("CREATE TABLE public.crash (id bigserial PRIMARY KEY, v int)");
            Map<String, String> settings = settings(postgres, fast);
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicLong written = new AtomicLong();
            long started;
            Thread writer;
            try (WorkerProcess first = WorkerProcess.start(settings, "256m", "crash-0")) {
                awaitSlotActive(postgres);
                started = System.nanoTime();
                writer = Thread.ofPlatform().name("steady-load").start(() -> write(postgres, writing, written));
                Thread.sleep(RUN_BEFORE_CRASH);
                kill(first);
            }
            for (int crash = 1; crash <= CRASHES; crash++) {
                try (WorkerProcess next = WorkerProcess.start(settings, "256m", "crash-" + crash)) {
                    awaitSlotActive(postgres);
                    Thread.sleep(RUN_BEFORE_CRASH);
                    if (crash < CRASHES) {
                        kill(next);
                        continue;
                    }
                    writing.set(false);
                    writer.join();
                    double rate = written.get() / ((System.nanoTime() - started) / 1e9);
                    List<JsonNode> records = LocalStackFixture.parse(new StreamReader(client, "crash").awaitRecords(
                            read -> Changes.distinct(LocalStackFixture.parse(read)).size() >= written.get(),
                            Duration.ofSeconds(60)));
                    long distinct = Changes.distinct(records).size();
                    long duplicates = records.size() - distinct;
                    System.out.printf("duplicates per crash: %.0f (%.1f s of traffic at %.0f rows/s); %d crashes, "
                                    + "%d rows written, %d records read, %d distinct%n", (double) duplicates / CRASHES,
                            duplicates / (double) CRASHES / rate, rate, CRASHES, written.get(), records.size(),
                            distinct);

                    System.out.println("rows sent twice, as runs of consecutive ids: " + duplicatedRuns(records));
                    assertThat(distinct).as("every row written arrived").isEqualTo(written.get());
                    assertThat((double) duplicates / CRASHES).as("records sent again per crash, at %.0f rows/s", rate)
                            .isLessThan(5.0 * rate);
                }
            }
        }
    }

    /** Each run of consecutive row ids that arrived more than once, as "first-last (count)". */
    private static List<String> duplicatedRuns(List<JsonNode> records) {
        Map<Long, Integer> seen = new java.util.TreeMap<>();
        for (JsonNode record : records) {
            seen.merge(record.path("data").path("id").asLong(), 1, Integer::sum);
        }
        List<String> runs = new java.util.ArrayList<>();
        long first = -1;
        long last = -1;
        for (Map.Entry<Long, Integer> row : seen.entrySet()) {
            if (row.getValue() < 2) {
                continue;
            }
            if (row.getKey() != last + 1 && first >= 0) {
                runs.add(first + "-" + last + " (" + (last - first + 1) + ")");
                first = -1;
            }
            if (first < 0) {
                first = row.getKey();
            }
            last = row.getKey();
        }
        if (first >= 0) {
            runs.add(first + "-" + last + " (" + (last - first + 1) + ")");
        }
        return runs;
    }

    private static Map<String, String> settings(LocalPostgres postgres, FastKinesis fast) {
        Map<String, String> settings = new HashMap<>();
        settings.put("PGHOST", postgres.host());
        settings.put("PGPORT", Integer.toString(postgres.port()));
        settings.put("PGUSER", LocalPostgres.USER);
        settings.put("PGSSLMODE", "disable");
        settings.put("S2K_STREAM", "crash");
        settings.put("AWS_REGION", "us-east-1");
        settings.put("AWS_ENDPOINT_URL_KINESIS", fast.endpoint().toString());
        settings.put("AWS_ACCESS_KEY_ID", "local");
        settings.put("AWS_SECRET_ACCESS_KEY", "local");
        settings.put("S2K_METRICS", "off");
        settings.put("S2K_RECONNECT_MAX_BACKOFF", "1s");
        return settings;
    }

    private static void write(LocalPostgres postgres, AtomicBoolean writing, AtomicLong written) {
        try (var connection = postgres.connect(); var statement = connection.createStatement()) {
            long next = System.nanoTime();
            while (writing.get()) {
                statement.execute("INSERT INTO public.crash (v) SELECT g FROM generate_series(1, "
                        + ROWS_PER_TRANSACTION + ") g");
                written.addAndGet(ROWS_PER_TRANSACTION);
                next += TRANSACTION_EVERY.toNanos();
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(Duration.ofNanos(sleep));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("the steady load stopped: " + e, e);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or acknowledged on the way out. */
    private static void kill(WorkerProcess worker) throws InterruptedException {
        worker.process.destroyForcibly();
        worker.process.waitFor();
    }

    private static void awaitSlotActive(LocalPostgres postgres) throws InterruptedException {
        AcknowledgementIT.awaitUntil("the worker streams its slot", Duration.ofSeconds(60), () -> "t".equals(
                postgres.query("SELECT bool_or(active) FROM pg_replication_slots")));
    }
}
