package io.slot2kinesis.replication;

import io.slot2kinesis.config.DatabaseConfig;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;
import org.postgresql.replication.fluent.logical.ChainedLogicalStreamBuilder;

/**
 * The logical replication stream of one slot, through pgjdbc's replication API. Not thread-safe: one thread reads,
 * acknowledges and keeps it alive (pgjdbc sends status updates only while it is being read).
 */
public final class SlotStream implements AutoCloseable {
    private final Connection connection;
    private final PGReplicationStream stream;
    private final String slot;

    private SlotStream(Connection connection, PGReplicationStream stream, String slot) {
        this.connection = connection;
        this.stream = stream;
        this.slot = slot;
    }

    /**
     * Starts streaming from the slot's confirmed position.
     *
     * @param logicalMessages also receive {@code pg_logical_emit_message} messages (PostgreSQL 14+)
     */
    public static SlotStream open(DatabaseConfig database, String slot, List<String> publications,
            boolean logicalMessages, Duration statusInterval) throws SQLException {
        Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.replicationProperties());
        try {
            ChainedLogicalStreamBuilder builder = connection.unwrap(PGConnection.class).getReplicationAPI()
                    .replicationStream()
                    .logical()
                    .withSlotName(slot)
                    .withStartPosition(LogSequenceNumber.INVALID_LSN)
                    // pgjdbc would otherwise move the flushed LSN to the server's position on keepalives whenever
                    // we acknowledged the start of the last message, which can be inside a transaction whose records
                    // Kinesis has not accepted yet. The worker advances idle slots itself (AcknowledgementTracker).
                    .withAutomaticFlush(false)
                    .withSlotOption("proto_version", "1")
                    .withSlotOption("publication_names", String.join(",", publications))
                    .withStatusInterval(Math.toIntExact(statusInterval.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS);
            if (logicalMessages) {
                builder.withSlotOption("messages", "true");
            }
            return new SlotStream(connection, builder.start(), slot);
        } catch (SQLException e) {
            connection.close();
            if ("55006".equals(e.getSQLState())) {
                throw new SlotBusyException(slot, e.getMessage());
            }
            throw e;
        }
    }

    /** The next XLogData payload, or null when none has arrived; also sends due status updates. */
    public ByteBuffer readPending() throws SQLException {
        return stream.readPending();
    }

    /** The WAL position of the last message or keepalive received. */
    public LogSequenceNumber lastReceiveLsn() {
        return stream.getLastReceiveLSN();
    }

    /** Reports everything up to {@code lsn} as processed; sent with the next status update. */
    public void acknowledge(LogSequenceNumber lsn) {
        stream.setFlushedLSN(lsn);
        stream.setAppliedLSN(lsn);
    }

    /** Sends a status update now (keeps the session alive while the reader waits for Kinesis). */
    public void forceStatusUpdate() throws SQLException {
        stream.forceUpdateStatus();
    }

    public String slot() {
        return slot;
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!stream.isClosed()) {
                stream.close();
            }
        } finally {
            connection.close();
        }
    }
}
