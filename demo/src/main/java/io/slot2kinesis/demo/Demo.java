package io.slot2kinesis.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.localstack.KinesisLocal;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.StreamReader;
import io.slot2kinesis.pipeline.StopSignal;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.Record;

/**
 * Everything on one machine: an embedded PostgreSQL, the kinesis-local emulator, a sample schema with a live
 * workload, and the worker between them; prints records as they arrive and a summary at the end.
 */
public final class Demo {
    static final String STREAM = "slot2kinesis-demo";
    private final PrintStream out;
    private final ObjectMapper json = new ObjectMapper();

    public Demo(PrintStream out) {
        this.out = out;
    }

    /** Runs the demo for {@code seconds} of workload (or until {@code stop}); returns the number of missing records. */
    public long run(long seconds, StopSignal stop) throws Exception {
        out.println("starting an embedded PostgreSQL with logical replication and the kinesis-local emulator ...");
        try (LocalPostgres postgres = LocalPostgres.start(); KinesisLocal emulator = KinesisLocal.start()) {
            out.println("PostgreSQL on port " + postgres.port() + ", Kinesis emulator at " + emulator.endpoint());
            DemoWorkload workload = new DemoWorkload(postgres);
            workload.createSchema();
            try (LocalWorker worker = LocalWorker.start(postgres, emulator.endpoint(), STREAM,
                    Map.of("S2K_STATUS_INTERVAL", "1s", "S2K_PROGRESS_INTERVAL", "5s"))) {
                KinesisClient kinesis = worker.kinesis();
                Thread writer = Thread.ofPlatform().name("workload").start(() -> {
                    try {
                        workload.run(seconds, 150);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (java.sql.SQLException e) {
                        out.println("workload stopped: " + e.getMessage());
                    }
                });
                out.println("writing a live workload for " + seconds + " s; records as they arrive in stream " + STREAM
                        + " (Ctrl-C stops):");
                Summary summary = tail(new StreamReader(kinesis, STREAM), writer, workload, stop);
                worker.close();
                summary.print(out, workload.changes());
                return Math.max(0, workload.changes() - summary.unique.size());
            }
        }
    }

    private Summary tail(StreamReader tail, Thread writer, DemoWorkload workload, StopSignal stop) throws Exception {
        Summary summary = new Summary();
        Instant drainDeadline = null;
        while (true) {
            tail.poll(record -> summary.add(record, this::show));
            if (stop.isStopped()) {
                writer.interrupt();
            }
            if (!writer.isAlive()) {
                if (summary.unique.size() >= workload.changes()) {
                    return summary;
                }
                drainDeadline = drainDeadline == null ? Instant.now().plusSeconds(60) : drainDeadline;
                if (Instant.now().isAfter(drainDeadline)) {
                    return summary;
                }
            }
            Thread.sleep(300);
        }
    }

    private void show(JsonNode record, Record raw) {
        JsonNode metadata = record.path("metadata");
        String line = String.format("%-7s %-16s key %-22s %s", metadata.path("operation").asText(),
                metadata.path("schema-name").asText() + "." + metadata.path("table-name").asText(),
                raw.partitionKey(), record.path("data"));
        out.println(line.length() > 160 ? line.substring(0, 157) + "..." : line);
    }

    private final class Summary {
        final Set<String> unique = new HashSet<>();
        final List<Long> latencies = new ArrayList<>();
        long read;

        void add(Record raw, java.util.function.BiConsumer<JsonNode, Record> show) {
            read++;
            try {
                JsonNode record = json.readTree(raw.data().asString(StandardCharsets.UTF_8));
                JsonNode metadata = record.path("metadata");
                // A control record shares its number with the change it precedes; its operation and table tell it apart.
                String position = metadata.path("commit-lsn").asText() + "#"
                        + metadata.path("transaction-record-id").asText()
                        + (metadata.path("record-type").asText().equals("control")
                                ? "#" + metadata.path("operation").asText() + ":" + metadata.path("table-name").asText()
                                : "");
                if (unique.add(position)) {
                    show.accept(record, raw);
                    Instant committed = Instant.parse(metadata.path("commit-timestamp").asText());
                    latencies.add(Duration.between(committed, raw.approximateArrivalTimestamp()).toMillis());
                }
            } catch (Exception e) {
                out.println("unreadable record " + raw.sequenceNumber() + ": " + e.getMessage());
            }
        }

        void print(PrintStream out, long written) {
            latencies.sort(null);
            long p50 = latencies.isEmpty() ? 0 : latencies.get(latencies.size() / 2);
            long max = latencies.isEmpty() ? 0 : latencies.get(latencies.size() - 1);
            out.println();
            out.println("summary: " + written + " rows changed, " + read + " records read (" + unique.size()
                    + " distinct, " + (read - unique.size()) + " duplicates), " + Math.max(0, written - unique.size())
                    + " missing; commit-to-stream latency p50 " + p50 + " ms, max " + max + " ms");
        }
    }
}
