package io.slot2kinesis.bench;

import io.slot2kinesis.localstack.kinesis.FastKinesis;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Commit-to-readable latency at a fixed rate: rows carry the wall-clock microsecond at which their transaction was
 * sent ({@code sent_at_us}); a consumer polling each shard every 5 ms takes the difference when it reads them.
 * Both clocks are this JVM's, so the figure includes the commit itself and the consumer's polling delay.
 */
final class LatencyProbe {
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration ARRIVAL_TIMEOUT = Duration.ofSeconds(60);
    /** Each shard is polled this often: finer polling would take CPU from the processes under test. */
    private static final long POLL_NANOS = 5_000_000;
    private static final byte[] FIELD = "\"sent_at_us\"".getBytes(StandardCharsets.US_ASCII);

    private final BenchDatabase database;
    private final FastKinesis kinesis;
    private final KinesisClient client;
    private final BenchOptions options;
    private final Progress progress;

    LatencyProbe(BenchDatabase database, FastKinesis kinesis, KinesisClient client, BenchOptions options,
            Progress progress) {
        this.database = database;
        this.kinesis = kinesis;
        this.client = client;
        this.options = options;
        this.progress = progress;
    }

    /** Latencies in milliseconds, the start-up time, and the process's usage at the end. */
    record Result(double startupSeconds, int samples, double p50Millis, double p99Millis, double maxMillis,
            ChildProcess.Usage usage) {}

    Result measure(Contender contender, String tag, Path logs)
            throws SQLException, InterruptedException, IOException {
        String slot = "lat_" + tag.replace('-', '_');
        String stream = contender.stream(tag, BenchDatabase.LIVE_TABLE);
        database.postgres().execute("TRUNCATE public." + BenchDatabase.LIVE_TABLE);
        database.createSlot(slot);
        kinesis.createStream(stream, options.shards());
        Reader reader = new Reader(client, stream);
        reader.start();
        try (ChildProcess process = contender.start(tag, slot, logs);
                Connection connection = database.postgres().connect();
                PreparedStatement insert = database.liveInsert(connection)) {
            // The embedded server runs with synchronous_commit=off, so a commit's WAL would wait for the WAL writer
            // (wal_writer_delay, 200 ms) before any walsender may decode it; an application commit flushes it.
            try (var statement = connection.createStatement()) {
                statement.execute("SET synchronous_commit = on");
            }
            connection.setAutoCommit(false);
            long id = 1;
            while (reader.firstArrival.get() == 0) {
                id = write(connection, insert, id, 1, 0);
                if (!process.alive() || System.nanoTime() - process.launchedNanos() > READY_TIMEOUT.toNanos()) {
                    throw Drain.failure(process, contender.name() + " sent nothing for the latency test");
                }
                Thread.sleep(200);
            }
            double startup = (reader.firstArrival.get() - process.launchedNanos()) / 1e9;
            int perTx = options.latencyTransactionRows();
            long intervalNanos = 1_000_000_000L * perTx / options.latencyRate();
            long warmupTxs = options.latencyWarmup().toNanos() / intervalNanos;
            long measuredTxs = options.latencyDuration().toNanos() / intervalNanos;
            long start = System.nanoTime();
            long measuredRows = 0;
            for (long tx = 0; tx < warmupTxs + measuredTxs; tx++) {
                LockSupport.parkNanos(start + tx * intervalNanos - System.nanoTime());
                if (tx == warmupTxs) {
                    reader.measureFromMicros.set(nowMicros());
                    progress.step("  " + contender.name() + " latency: measuring for "
                            + options.latencyDuration().toSeconds() + " s");
                }
                id = write(connection, insert, id, perTx, nowMicros());
                if (tx >= warmupTxs) {
                    measuredRows += perTx;
                }
            }
            long deadline = System.nanoTime() + ARRIVAL_TIMEOUT.toNanos();
            while (reader.measured() < measuredRows && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            if (reader.measured() != measuredRows) {
                throw Drain.failure(process, contender.name() + " delivered " + reader.measured() + " of the "
                        + measuredRows + " measured rows of the latency test within " + ARRIVAL_TIMEOUT.toSeconds()
                        + " s");
            }
            ChildProcess.Usage usage = process.usage();
            reader.writeCsv(logs.resolve("latency-" + contender.name() + "-" + tag + ".csv"));
            long[] latencies = reader.latencies();
            return new Result(startup, latencies.length, Stat.quantile(latencies, 0.50) / 1000.0,
                    Stat.quantile(latencies, 0.99) / 1000.0, latencies[latencies.length - 1] / 1000.0, usage);
        } finally {
            reader.stop();
            database.dropSlot(slot);
            client.deleteStream(r -> r.streamName(stream));
        }
    }

    private static long write(Connection connection, PreparedStatement insert, long id, int rows, long sentAtMicros)
            throws SQLException {
        insert.setLong(1, sentAtMicros);
        insert.setLong(2, id);
        insert.setLong(3, id + rows - 1);
        insert.executeUpdate();
        connection.commit();
        return id + rows;
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }

    /** Reads {@code sent_at_us} from a record's JSON; -1 if absent. */
    static long sentAtMicros(byte[] json) {
        outer:
        for (int i = 0; i + FIELD.length < json.length; i++) {
            for (int j = 0; j < FIELD.length; j++) {
                if (json[i + j] != FIELD[j]) {
                    continue outer;
                }
            }
            int k = i + FIELD.length;
            while (k < json.length && (json[k] == ':' || json[k] == ' ' || json[k] == '"')) {
                k++;
            }
            long value = 0;
            while (k < json.length && json[k] >= '0' && json[k] <= '9') {
                value = value * 10 + (json[k++] - '0');
            }
            return value;
        }
        return -1;
    }

    /** The consumer: one thread per shard polls it every 5 ms and keeps the latency of each measured row. */
    private static final class Reader {
        final AtomicLong firstArrival = new AtomicLong();
        final AtomicLong measureFromMicros = new AtomicLong(Long.MAX_VALUE);
        final AtomicBoolean stop = new AtomicBoolean();
        private final KinesisClient client;
        private final String stream;
        private final List<Thread> threads = new ArrayList<>();
        private final Object lock = new Object();
        private long[] latencies = new long[1024];
        private long[] sentTimes = new long[1024];
        private int count;

        Reader(KinesisClient client, String stream) {
            this.client = client;
            this.stream = stream;
        }

        void start() {
            for (Shard shard : client.listShards(r -> r.streamName(stream)).shards()) {
                String first = client.getShardIterator(r -> r.streamName(stream).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
                threads.add(Thread.ofPlatform().name("latency-" + shard.shardId()).daemon().start(() -> poll(first)));
            }
        }

        void stop() throws InterruptedException {
            stop.set(true);
            for (Thread thread : threads) {
                thread.join(5_000);
            }
        }

        private void poll(String firstIterator) {
            String iterator = firstIterator;
            while (!stop.get() && iterator != null) {
                String current = iterator;
                GetRecordsResponse response = client.getRecords(r -> r.shardIterator(current).limit(10_000));
                for (Record record : response.records()) {
                    arrived(record);
                }
                iterator = response.nextShardIterator();
                LockSupport.parkNanos(POLL_NANOS);
            }
        }

        private void arrived(Record record) {
            long now = nowMicros();
            firstArrival.compareAndSet(0, System.nanoTime());
            long sent = sentAtMicros(record.data().asByteArrayUnsafe());
            if (sent >= measureFromMicros.get()) {
                synchronized (lock) {
                    if (count == latencies.length) {
                        latencies = Arrays.copyOf(latencies, count * 2);
                        sentTimes = Arrays.copyOf(sentTimes, count * 2);
                    }
                    sentTimes[count] = sent;
                    latencies[count++] = now - sent;
                }
            }
        }

        int measured() {
            synchronized (lock) {
                return count;
            }
        }

        /** Every measured row as {@code sent_at_us,latency_us}, in arrival order, for looking at the spikes. */
        void writeCsv(Path file) throws IOException {
            StringBuilder csv = new StringBuilder("sent_at_us,latency_us\n");
            synchronized (lock) {
                for (int i = 0; i < count; i++) {
                    csv.append(sentTimes[i]).append(',').append(latencies[i]).append('\n');
                }
            }
            Files.writeString(file, csv);
        }

        long[] latencies() {
            synchronized (lock) {
                return Arrays.copyOf(latencies, count);
            }
        }
    }
}
