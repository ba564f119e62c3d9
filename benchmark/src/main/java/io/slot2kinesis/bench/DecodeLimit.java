package io.slot2kinesis.bench;

import io.slot2kinesis.localstack.LocalPostgres;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/**
 * The source side's limit: the slot drained to nowhere, with the same pgoutput options as the worker. Uses
 * {@code pg_recvlogical} when it is on the PATH (the embedded PostgreSQL ships without it), else a bare pgjdbc
 * replication reader that decodes nothing.
 */
final class DecodeLimit {
    private final LocalPostgres postgres;
    private final String reader;

    private DecodeLimit(LocalPostgres postgres, String reader) {
        this.postgres = postgres;
        this.reader = reader;
    }

    /** {@code choice}: auto, pg_recvlogical or jdbc. */
    static DecodeLimit choose(LocalPostgres postgres, String choice) {
        boolean available = pgRecvLogicalWorks();
        if (choice.equals("pg_recvlogical") && !available) {
            throw new IllegalStateException("--decoder pg_recvlogical: pg_recvlogical is not on the PATH (install the"
                    + " PostgreSQL client, e.g. apt-get install postgresql-client), or use --decoder jdbc");
        }
        return new DecodeLimit(postgres, choice.equals("jdbc") || !available ? "jdbc" : "pg_recvlogical");
    }

    String reader() {
        return reader;
    }

    /** Reads {@code slot} up to {@code endLsn}; returns the seconds it took. */
    double drain(String slot, String endLsn) throws SQLException, IOException, InterruptedException {
        long start = System.nanoTime();
        if (reader.equals("jdbc")) {
            drainWithJdbc(slot, LogSequenceNumber.valueOf(endLsn));
        } else {
            drainWithPgRecvLogical(slot, endLsn);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private void drainWithPgRecvLogical(String slot, String endLsn) throws IOException, InterruptedException {
        Path log = Files.createTempFile("s2k-bench-recvlogical", ".log");
        Process process = new ProcessBuilder("pg_recvlogical", "-h", postgres.host(), "-p",
                Integer.toString(postgres.port()), "-U", LocalPostgres.USER, "-d", LocalPostgres.DATABASE,
                "--slot", slot, "--start", "--endpos", endLsn, "--no-loop", "-o", "proto_version=1",
                "-o", "publication_names=" + BenchDatabase.PUBLICATION, "-f", "/dev/null")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("pg_recvlogical failed on slot " + slot + ": " + Files.readString(log));
        }
        Files.deleteIfExists(log);
    }

    private void drainWithJdbc(String slot, LogSequenceNumber end) throws SQLException {
        Properties properties = new Properties();
        PGProperty.USER.set(properties, LocalPostgres.USER);
        PGProperty.REPLICATION.set(properties, "database");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(properties, "10");
        PGProperty.PREFER_QUERY_MODE.set(properties, "simple");
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), properties);
                PGReplicationStream stream = connection.unwrap(PGConnection.class).getReplicationAPI()
                        .replicationStream().logical().withSlotName(slot)
                        .withSlotOption("proto_version", "1")
                        .withSlotOption("publication_names", BenchDatabase.PUBLICATION)
                        .withStatusInterval(10, TimeUnit.SECONDS).start()) {
            while (stream.getLastReceiveLSN().compareTo(end) < 0) {
                ByteBuffer message = stream.readPending();
                if (message == null) {
                    LockSupport.parkNanos(100_000);
                }
            }
        }
    }

    private static boolean pgRecvLogicalWorks() {
        try {
            Process process = new ProcessBuilder(List.of("pg_recvlogical", "--version")).redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
