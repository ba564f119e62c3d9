package io.slot2kinesis.load;

import io.slot2kinesis.localstack.LocalPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** Application writers: updates, inserts and deletes of random keys of a table, until stopped. */
final class Writers implements AutoCloseable {
    private final Thread[] threads;
    private final AtomicLong transactions = new AtomicLong();
    private volatile boolean stopped;
    private volatile Throwable failure;

    Writers(LocalPostgres postgres, String table, int maxKey, int count, long pauseMillis) {
        threads = new Thread[count];
        for (int i = 0; i < count; i++) {
            Random random = new Random(42 + i);
            threads[i] = Thread.ofPlatform().name("writer-" + i).start(() -> write(postgres, table, maxKey, random,
                    pauseMillis));
        }
    }

    private void write(LocalPostgres postgres, String table, int maxKey, Random random, long pauseMillis) {
        try (Connection connection = postgres.connect(); Statement statement = connection.createStatement()) {
            while (!stopped) {
                int key = 1 + random.nextInt(maxKey);
                int choice = random.nextInt(10);
                String sql = choice < 6
                        ? "UPDATE " + table + " SET v = 'w" + random.nextInt(1000) + "', n = n + 1 WHERE id = " + key
                        : choice < 8 ? "INSERT INTO " + table + " VALUES (" + key + ", 'ins', 0) ON CONFLICT (id) DO "
                                + "UPDATE SET v = 'upsert', n = " + table + ".n + 1"
                        : "DELETE FROM " + table + " WHERE id = " + key;
                try {
                    statement.execute(sql);
                } catch (SQLException e) {
                    if (!"40P01".equals(e.getSQLState())) {
                        throw e;
                    }
                }
                transactions.incrementAndGet();
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    long transactions() {
        return transactions.get();
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread thread : threads) {
            thread.join();
        }
        if (failure != null) {
            throw new AssertionError("a writer failed", failure);
        }
    }
}
