package io.slot2kinesis.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.kinesis.FastKinesis;
import io.slot2kinesis.pipeline.InProcessWorker;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * How fast an initial load moves a table into the stream, and what the wait before each backfill chunk costs, against
 * the in-process fast Kinesis endpoint. Figures are printed, not asserted.
 */
class LoadThroughputIT {
    private static final int ROWS = Integer.getInteger("s2k.loadRows", 50_000);

    @Test
    @Timeout(300)
    void initialLoadOf200000RowsIsAcceptedByKinesis() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(); FastKinesis fast = FastKinesis.start(0)) {
            int n = LoadStack.next();
            String table = "bulk_" + n;
            Map<String, String> settings = LoadStack.settings(postgres, fast.endpoint(), n);
            settings.put("S2K_INITIAL_LOAD", "on-create");
            postgres.execute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, customer text, total numeric(12,2),"
                    + " created timestamptz, note text)",
                    "INSERT INTO " + table + " SELECT g, 'customer-' || (g % 5000), (g % 10000) / 100.0,"
                            + " now() - g * interval '1 second', repeat('x', 64) FROM generate_series(1, " + ROWS
                            + ") g",
                    "CREATE PUBLICATION " + settings.get("S2K_PUBLICATION") + " FOR TABLE " + table);
            WorkerConfig config = WorkerConfig.load(Map.of(), settings);
            fast.createStream(config.kinesis().stream(), 4);
            try (KinesisClient kinesis = io.slot2kinesis.kinesis.KinesisClients.create(config.kinesis())) {
                long started = System.nanoTime();
                try (InProcessWorker worker = new InProcessWorker(config, kinesis)) {
                    LoadStack.awaitUntil(ROWS + " load records are stored", Duration.ofMinutes(4),
                            () -> fast.recordsStored(config.kinesis().stream()) >= ROWS);
                    double seconds = (System.nanoTime() - started) / 1e9;
                    System.out.printf("initial load throughput: %d rows in %.1f s = %.0f rows/s (slot creation "
                            + "included)%n", ROWS, seconds, ROWS / seconds);
                    assertThat(fast.recordsStored(config.kinesis().stream())).isEqualTo(ROWS);
                }
            }
        }
    }

    @Test
    @Timeout(300)
    void backfillWithWritersBusyReportsTheWaitForTransactionsRunningAtEachLowWatermark() throws Exception {
        int rows = Math.max(2_000, ROWS / 5);
        try (LocalPostgres postgres = LocalPostgres.start(); FastKinesis fast = FastKinesis.start(0)) {
            int n = LoadStack.next();
            String table = "busy_" + n;
            Map<String, String> settings = LoadStack.settings(postgres, fast.endpoint(), n);
            settings.put("S2K_LOAD_CHUNK_ROWS", "100");
            postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, v text, n int)",
                    "INSERT INTO " + table + " SELECT g, 'v' || g, 0 FROM generate_series(1, " + rows + ") g",
                    "CREATE PUBLICATION " + settings.get("S2K_PUBLICATION") + " FOR TABLE " + table);
            WorkerConfig config = WorkerConfig.load(Map.of(), settings);
            fast.createStream(config.kinesis().stream(), 4);
            try (CapturedErr log = new CapturedErr();
                    KinesisClient kinesis = io.slot2kinesis.kinesis.KinesisClients.create(config.kinesis());
                    InProcessWorker worker = new InProcessWorker(config, kinesis);
                    Writers writers = new Writers(postgres, table, rows, 4, 1)) {
                LoadStack.awaitUntil("the slot exists", Duration.ofSeconds(30), () -> LoadStack.single(postgres,
                        "SELECT 1 FROM pg_replication_slots WHERE slot_name = '" + config.slot() + "'") != null);
                try (BackfillClient client = new BackfillClient(config.database(), config.slot(),
                        config.load().signalTable())) {
                    client.request(new io.slot2kinesis.change.TableId("public", table), null);
                }
                LoadStack.awaitUntil("the backfill is done", Duration.ofMinutes(4), () -> log.text().contains(
                        "of public." + table + " done"));
                String done = log.text().lines().filter(line -> line.contains("of public." + table + " done"))
                        .findFirst().orElseThrow();
                System.out.println("backfill wait cost, 4 writers busy: " + done.substring(done.indexOf("done")));
                assertThat(done).contains("wait for transactions running at the low watermarks: p50 ");
                assertThat(writers.transactions()).isPositive();
            }
        }
    }
}
