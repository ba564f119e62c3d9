package io.slot2kinesis.kclexample;

import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.pipeline.StopSignal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/** Inserts, updates and deletes in {@code public.items}, a short transaction every 200 ms. */
final class ExampleWorkload {
    private static final String[] STATUSES = {"new", "reserved", "picked", "shipped"};
    private final LocalPostgres postgres;

    ExampleWorkload(LocalPostgres postgres) {
        this.postgres = postgres;
    }

    /** Writes for {@code seconds} or until {@code stop}; returns the number of rows changed. */
    long run(long seconds, StopSignal stop) throws SQLException, InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long changed = 0;
        int next = 1;
        try (Connection connection = postgres.connect();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO public.items (id, name, qty, status) VALUES (?, ?, ?, 'new')");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE public.items SET qty = qty + ?, status = ? WHERE id = ?");
                PreparedStatement delete = connection.prepareStatement("DELETE FROM public.items WHERE id = ?")) {
            connection.setAutoCommit(false);
            while (System.nanoTime() < end && !stop.isStopped()) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                insert.setInt(1, next);
                insert.setString(2, "item " + next);
                insert.setInt(3, 1 + random.nextInt(10));
                changed += insert.executeUpdate();
                next++;
                update.setInt(1, 1 + random.nextInt(5));
                update.setString(2, STATUSES[random.nextInt(STATUSES.length)]);
                update.setInt(3, 1 + random.nextInt(next - 1));
                changed += update.executeUpdate();
                if (random.nextInt(4) == 0) {
                    delete.setInt(1, 1 + random.nextInt(next - 1));
                    changed += delete.executeUpdate();
                }
                connection.commit();
                Thread.sleep(200);
            }
        }
        return changed;
    }
}
