package io.slot2kinesis.demo;

import io.slot2kinesis.localstack.LocalPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/** The sample schema and a small live workload of inserts, updates and deletes, in short transactions. */
final class DemoWorkload {
    private static final String[] STATUSES = {"paid", "packed", "shipped", "delivered"};
    private final LocalPostgres postgres;
    private final AtomicLong changes = new AtomicLong();

    DemoWorkload(LocalPostgres postgres) {
        this.postgres = postgres;
    }

    void createSchema() {
        postgres.execute(
                "CREATE TABLE public.customers (id serial PRIMARY KEY, name text NOT NULL, email text)",
                "CREATE TABLE public.orders (id bigserial PRIMARY KEY, customer_id int NOT NULL"
                        + " REFERENCES public.customers(id), status text NOT NULL, total numeric(10,2) NOT NULL,"
                        + " items jsonb, created_at timestamptz NOT NULL DEFAULT now())");
    }

    /** Rows changed so far: each is one record on the stream. */
    long changes() {
        return changes.get();
    }

    /** Writes until interrupted or {@code seconds} have passed, a transaction every {@code pauseMillis}. */
    void run(long seconds, long pauseMillis) throws SQLException, InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        try (Connection connection = postgres.connect()) {
            connection.setAutoCommit(false);
            int customers = 0;
            long orders = 0;
            while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                if (customers < 5 || random.nextInt(10) == 0) {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO public.customers (name, email) VALUES (?, ?)")) {
                        customers++;
                        insert.setString(1, "Customer " + customers);
                        insert.setString(2, "customer" + customers + "@example.com");
                        insert.executeUpdate();
                    }
                    commit(connection, 1);
                }
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO public.orders (customer_id, status, total, items) VALUES (?, 'new', ?, ?::jsonb)")) {
                    insert.setInt(1, 1 + random.nextInt(customers));
                    insert.setBigDecimal(2, java.math.BigDecimal.valueOf(random.nextInt(100_000), 2));
                    insert.setString(3, "[{\"sku\": \"A-" + random.nextInt(100) + "\", \"qty\": " + (1 + random.nextInt(3))
                            + "}]");
                    insert.executeUpdate();
                    orders++;
                }
                int touched = 1;
                try (Statement statement = connection.createStatement()) {
                    touched += statement.executeUpdate("UPDATE public.orders SET status = '"
                            + STATUSES[random.nextInt(STATUSES.length)] + "' WHERE id = " + (1 + random.nextLong(orders)));
                    if (random.nextInt(8) == 0) {
                        touched += statement.executeUpdate("DELETE FROM public.orders WHERE id = "
                                + (1 + random.nextLong(orders)));
                    }
                }
                commit(connection, touched);
                Thread.sleep(pauseMillis);
            }
        }
    }

    private void commit(Connection connection, int rows) throws SQLException {
        connection.commit();
        changes.addAndGet(rows);
    }
}
