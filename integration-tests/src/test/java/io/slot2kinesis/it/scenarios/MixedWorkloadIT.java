package io.slot2kinesis.it.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.records.Changes;
import io.slot2kinesis.it.records.ConsumerCopy;
import io.slot2kinesis.it.target.LocalControls;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.StreamFeed;
import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.it.target.TargetExtension;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A realistic workload (customers, orders and order lines joined by foreign keys with a cascading delete, a few hot
 * counter rows, a keyless insert-only history table, a sessions table truncated every second) while the worker is
 * killed with SIGKILL three times and PostgreSQL restarts once. Rebuilding the tables from the stream with the
 * consumer library ({@link ConsumerCopy}: ChangeParser, DuplicateFilter, TableRebuild, as a user's consumer would)
 * gives exactly the database's rows at the end, and each key's records arrived in commit order.
 */
@ExtendWith(TargetExtension.class)
class MixedWorkloadIT {
    private static final int WRITERS = 3;
    private static final int HOT_ROWS = 4;

    @Test
    @Timeout(240)
    void rebuildsEveryTableFromTheStreamAfterKillsAndAPostgresRestart(Target target) throws Exception {
        ScenarioSpec spec = ScenarioSpec.named("mixed").load(ScenarioSpec.Load.HEAVY).shards(4);
        String customers = spec.table("customers");
        String orders = spec.table("orders");
        String lines = spec.table("order_lines");
        String counters = spec.table("counters");
        String history = spec.table("history");
        String sessions = spec.table("sessions");
        spec.setup("CREATE TABLE " + customers + " (id serial PRIMARY KEY, name text NOT NULL, balance int)",
                "CREATE TABLE " + orders + " (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES " + customers
                        + ", status text NOT NULL, total int)",
                "CREATE TABLE " + lines + " (id serial PRIMARY KEY, order_id int NOT NULL REFERENCES " + orders
                        + " ON DELETE CASCADE, sku text, qty int)",
                "CREATE TABLE " + counters + " (id int PRIMARY KEY, n bigint NOT NULL)",
                "CREATE TABLE " + history + " (event text, amount int)",
                "CREATE TABLE " + sessions + " (id serial PRIMARY KEY, token text)");
        try (Scenario scenario = target.begin(spec)) {
            assumeTrue(scenario.local().isPresent(), "killing the worker and restarting PostgreSQL needs the local"
                    + " target; skipped on " + target.describe());
            LocalControls local = scenario.local().orElseThrow();
            StringBuilder seed = new StringBuilder("INSERT INTO " + counters + " VALUES ");
            for (int i = 1; i <= HOT_ROWS; i++) {
                seed.append(i == 1 ? "" : ", ").append("(").append(i).append(", 0)");
            }
            scenario.execute(seed.toString(), "INSERT INTO " + customers + " (name, balance) SELECT 'c' || g, 0"
                    + " FROM generate_series(1, 20) g");

            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong committed = new AtomicLong();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            for (int w = 0; w < WRITERS; w++) {
                int seedValue = w;
                writers.execute(() -> write(scenario, new Random(seedValue), seedValue == 0, running, committed,
                        customers, orders, lines, counters, history, sessions));
            }
            Random random = new Random(42);
            for (int kill = 1; kill <= 3; kill++) {
                Thread.sleep(1200 + random.nextInt(1200));
                assertThat(local.killWorker()).as("exit code after SIGKILL").isEqualTo(137);
                if (kill == 2) {
                    local.restartPostgres();
                }
                Thread.sleep(random.nextInt(800));
                local.startWorker(Map.of());
            }
            Thread.sleep(1500);
            running.set(false);
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).as("writers stop").isTrue();
            assertThat(committed.get()).as("transactions the writers committed").isGreaterThan(100);

            ConsumerCopy copy = new ConsumerCopy(Map.of(customers, "id", orders, "id", lines, "id", counters, "id",
                    sessions, "id"), Set.of(history));
            Map<String, Object> expected = copy.database(scenario);

            StreamFeed feed = scenario.feed();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            List<ChangeRecord> arrived;
            Map<String, Object> rebuilt;
            do {
                Thread.sleep(500);
                arrived = feed.poll();
                rebuilt = copy.feed(arrived).tables();
            } while (!rebuilt.equals(expected) && System.nanoTime() < deadline);

            List<ChangeRecord> distinct = Changes.distinct(arrived);
            assertThat(ConsumerCopy.difference(rebuilt, expected)).as("tables rebuilt by the consumer library from %d"
                    + " records (%s) vs the database; %s", arrived.size(), copy.summary(), scenario.diagnostics())
                    .isEmpty();
            assertThat(Changes.keyOrderViolations(arrived)).as("each key's records arrive in commit order").isEmpty();
            assertThat(distinct).as("truncates of the sessions table arrived")
                    .anyMatch(r -> r.operation().equals("truncate-table"));
        }
    }

    private static void write(Scenario scenario, Random random, boolean truncates, AtomicBoolean running,
            AtomicLong committed, String customers, String orders, String lines, String counters, String history,
            String sessions) {
        long lastTruncate = System.nanoTime();
        Connection connection = null;
        while (running.get()) {
            try {
                if (connection == null) {
                    connection = scenario.connect();
                    connection.setAutoCommit(false);
                }
                try (Statement statement = connection.createStatement()) {
                    int kind = random.nextInt(6);
                    String customer = "(SELECT id FROM " + customers + " ORDER BY random() LIMIT 1)";
                    String order = "(SELECT id FROM " + orders + " ORDER BY random() LIMIT 1)";
                    switch (kind) {
                        case 0 -> {
                            statement.execute("INSERT INTO " + customers + " (name, balance) VALUES ('n"
                                    + random.nextInt(1000) + "', 0)");
                            statement.execute("WITH o AS (INSERT INTO " + orders + " (customer_id, status, total)"
                                    + " VALUES (" + customer + ", 'new', " + random.nextInt(500) + ") RETURNING id)"
                                    + " INSERT INTO " + lines + " (order_id, sku, qty) SELECT o.id, 'sku' || g, g"
                                    + " FROM o, generate_series(1, " + (1 + random.nextInt(3)) + ") g");
                        }
                        case 1 -> statement.execute("UPDATE " + orders + " SET status = 'paid', total = total + 1"
                                + " WHERE id = " + order);
                        case 2 -> statement.execute("DELETE FROM " + orders + " WHERE id = " + order);
                        case 3 -> {
                            int hot = 1 + random.nextInt(HOT_ROWS);
                            statement.execute("UPDATE " + counters + " SET n = n + 1 WHERE id = " + hot);
                            statement.execute("INSERT INTO " + history + " VALUES ('counter " + hot + "', "
                                    + random.nextInt(100) + ")");
                            statement.execute("UPDATE " + customers + " SET balance = balance + 1 WHERE id = "
                                    + customer);
                        }
                        case 4 -> statement.execute("INSERT INTO " + sessions + " (token) VALUES (md5(random()::text))");
                        default -> statement.execute("UPDATE " + sessions + " SET token = 'refreshed' WHERE id = (SELECT"
                                + " max(id) FROM " + sessions + ")");
                    }
                    if (truncates && System.nanoTime() - lastTruncate > 1_000_000_000L) {
                        statement.execute("TRUNCATE " + sessions);
                        lastTruncate = System.nanoTime();
                    }
                }
                connection.commit();
                committed.incrementAndGet();
                Thread.sleep(3);
            } catch (SQLException e) {
                // deadlocks, a restarting server: the transaction is gone, the database says what committed
                try {
                    if (connection != null) {
                        connection.close();
                    }
                } catch (SQLException ignored) {
                    // the connection is already broken
                }
                connection = null;
                pause(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // closing after the workload
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
