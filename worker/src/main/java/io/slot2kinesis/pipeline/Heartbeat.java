package io.slot2kinesis.pipeline;

import io.slot2kinesis.config.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a tiny non-transactional logical message every interval, so the slot of an otherwise idle database still
 * sees WAL go by and can be advanced (RDS writes WAL of its own that no slot consumer would otherwise pass).
 */
final class Heartbeat implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);
    private final Thread thread;

    Heartbeat(DatabaseConfig database, Duration interval, StopSignal stop) {
        this.thread = Thread.ofVirtual().name("heartbeat").start(() -> loop(database, interval, stop));
    }

    private static void loop(DatabaseConfig database, Duration interval, StopSignal stop) {
        Connection connection = null;
        try {
            while (!stop.await(interval)) {
                try {
                    if (connection == null || connection.isClosed()) {
                        connection = DriverManager.getConnection(database.jdbcUrl(), database.sqlProperties());
                    }
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SELECT pg_logical_emit_message(false, 'slot2kinesis', 'heartbeat')");
                    }
                } catch (SQLException e) {
                    log.warn("heartbeat (S2K_HEARTBEAT_INTERVAL) failed: {}; the user needs EXECUTE on "
                            + "pg_logical_emit_message, or set S2K_HEARTBEAT_INTERVAL=0", e.getMessage());
                    closeQuietly(connection);
                    connection = null;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing the heartbeat connection failed", e);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
