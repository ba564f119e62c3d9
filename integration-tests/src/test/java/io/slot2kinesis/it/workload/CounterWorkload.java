package io.slot2kinesis.it.workload;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.records.Changes;
import io.slot2kinesis.it.target.Scenario;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.replication.LogSequenceNumber;

/**
 * Writers that upsert overlapping keys of a {@code (id, counter, writer, payload)} table, each upsert adding one to
 * the row's counter. Row locks serialize the writers on a key, so a key's counters are 1, 2, 3, ... in commit order,
 * and its records in the stream, duplicates removed, must carry exactly that sequence.
 */
public final class CounterWorkload implements AutoCloseable {
    /** A committed transaction: the rows it wrote, and a WAL position at or after its commit record. */
    public record Committed(LogSequenceNumber atOrAfterCommit, List<KeyCounter> rows) {}

    /** One row version: key and counter. */
    public record KeyCounter(int id, int counter) {}

    private final Scenario scenario;
    private final String table;
    private final int keys;
    private final Duration pause;
    private final ConcurrentLinkedQueue<Committed> committed = new ConcurrentLinkedQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger reconnects = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private volatile boolean reconnecting;

    public static String createTable(String table) {
        return "CREATE TABLE " + table + " (id int PRIMARY KEY, counter int NOT NULL, writer int NOT NULL,"
                + " payload text)";
    }

    public CounterWorkload(Scenario scenario, String table, int keys, Duration pause) {
        this.scenario = scenario;
        this.table = table;
        this.keys = keys;
        this.pause = pause;
    }

    /**
     * Writers that outlive their server: when the connection is lost (a failover), a writer connects again and goes
     * on. A transaction whose commit got no answer is not counted as committed; the table says whether it was.
     */
    public CounterWorkload reconnecting() {
        this.reconnecting = true;
        return this;
    }

    /** Starts {@code writers} threads, each committing transactions of two upserts until {@link #stop()}. */
    public CounterWorkload start(int writers) {
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(Thread.ofPlatform().name("writer-" + w).daemon().start(() -> write(writer)));
        }
        return this;
    }

    private void write(int writer) {
        while (!stopping) {
            try {
                writeUntilStopped(writer);
                return;
            } catch (SQLException e) {
                if (stopping) {
                    return;
                }
                if (!reconnecting || !connectionLost(e)) {
                    failure.compareAndSet(null, e);
                    return;
                }
                reconnects.incrementAndGet();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException interrupted) {
                    return;
                }
            } catch (InterruptedException | RuntimeException e) {
                if (!stopping) {
                    failure.compareAndSet(null, e);
                }
                return;
            }
        }
    }

    /** Lost or refused connections (class 08), and the server shutting down or starting up (57P01..57P03). */
    private static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("57P");
    }

    private void writeUntilStopped(int writer) throws SQLException, InterruptedException {
        String upsert = "INSERT INTO " + table + " AS t (id, counter, writer, payload) VALUES (?, 1, ?, ?)"
                + " ON CONFLICT (id) DO UPDATE SET counter = t.counter + 1, writer = EXCLUDED.writer,"
                + " payload = EXCLUDED.payload RETURNING counter";
        try (Connection connection = scenario.connect(); PreparedStatement statement = connection.prepareStatement(
                upsert); Statement position = connection.createStatement()) {
            connection.setAutoCommit(false);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stopping) {
                int a = random.nextInt(keys);
                int b = (a + 1 + random.nextInt(keys - 1)) % keys;
                List<KeyCounter> rows = new ArrayList<>(2);
                for (int id : new int[] {Math.min(a, b), Math.max(a, b)}) {
                    statement.setInt(1, id);
                    statement.setInt(2, writer);
                    statement.setString(3, "w" + writer + "-" + random.nextLong());
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        rows.add(new KeyCounter(id, row.getInt(1)));
                    }
                }
                connection.commit();
                try (ResultSet row = position.executeQuery("SELECT pg_current_wal_insert_lsn()")) {
                    row.next();
                    committed.add(new Committed(LogSequenceNumber.valueOf(row.getString(1)), rows));
                }
                connection.commit();
                if (!pause.isZero()) {
                    Thread.sleep(pause);
                }
            }
        }
    }

    /** How often a writer connected again after losing its connection. */
    public int reconnects() {
        return reconnects.get();
    }

    /** Stops the writers and waits for them; fails if one of them failed. */
    public void stop() {
        stopping = true;
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure.get() != null) {
            throw new AssertionError("a writer of " + table + " failed: " + failure.get(), failure.get());
        }
    }

    /** Transactions committed so far. */
    public List<Committed> committed() {
        return List.copyOf(committed);
    }

    /** Each key's counter now: how many changes of it the stream must carry. */
    public Map<Integer, Integer> finalCounters() {
        Map<Integer, Integer> counters = new TreeMap<>();
        try (Connection connection = scenario.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id, counter FROM " + table)) {
            while (rows.next()) {
                counters.put(rows.getInt(1), rows.getInt(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the counters of " + table + ": " + e.getMessage(), e);
        }
        return counters;
    }

    public static int total(Map<Integer, Integer> counters) {
        return counters.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Problems with the records of {@code table}: per key, the counters (duplicates removed) must be 1..final in order,
     * the first an insert and the rest updates. Empty when every change is there in commit order.
     */
    public static List<String> orderProblems(String table, List<ChangeRecord> distinct,
            Map<Integer, Integer> finalCounters) {
        Map<Integer, List<ChangeRecord>> byKey = Changes.groupedBy(
                distinct.stream().filter(r -> r.table().equals(table)).toList(), r -> r.intValue("id"));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<Integer, Integer> key : finalCounters.entrySet()) {
            List<ChangeRecord> records = byKey.getOrDefault(key.getKey(), List.of());
            List<Integer> counters = records.stream().map(r -> r.intValue("counter")).toList();
            List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, key.getValue()).boxed().toList();
            if (!counters.equals(expected)) {
                problems.add("key id=" + key.getKey() + ": expected counters 1.." + key.getValue()
                        + " in order, got " + abbreviate(counters) + " (" + describeGap(counters, expected) + ")");
            } else {
                for (int i = 0; i < records.size(); i++) {
                    String operation = records.get(i).operation();
                    if (!operation.equals(i == 0 ? "insert" : "update")) {
                        problems.add("key id=" + key.getKey() + ", counter " + (i + 1) + ": operation " + operation);
                    }
                }
            }
        }
        byKey.keySet().stream().filter(id -> !finalCounters.containsKey(id))
                .forEach(id -> problems.add("key id=" + id + " was never written but has records"));
        return problems;
    }

    private static String describeGap(List<Integer> counters, List<Integer> expected) {
        List<Integer> missing = new ArrayList<>(expected);
        missing.removeAll(counters);
        for (int i = 1; i < counters.size(); i++) {
            if (counters.get(i) <= counters.get(i - 1)) {
                return "out of order at position " + (i + 1) + ": " + counters.get(i - 1) + " then " + counters.get(i)
                        + (missing.isEmpty() ? "" : "; missing " + abbreviate(missing));
            }
        }
        return missing.isEmpty() ? "extra values" : "missing " + abbreviate(missing);
    }

    private static String abbreviate(List<Integer> values) {
        return values.size() <= 30 ? values.toString()
                : values.subList(0, 15) + "..." + values.subList(values.size() - 10, values.size());
    }

    @Override
    public void close() {
        if (!stopping) {
            stopping = true;
            threads.forEach(Thread::interrupt);
        }
    }
}
