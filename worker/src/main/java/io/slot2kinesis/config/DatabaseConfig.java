package io.slot2kinesis.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/** How to reach PostgreSQL. {@link #toString()} never shows the password. */
public record DatabaseConfig(
        String host, int port, String database, String user, String password, SslMode sslMode, Path sslRootCert) {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long an SQL (non-replication) session waits for any answer from the server. */
    public static final Duration SQL_SOCKET_TIMEOUT = Duration.ofMinutes(5);

    /**
     * Reads the connection settings; verify-ca and verify-full without a CA bundle is a problem (pgjdbc would fall back
     * to {@code ~/.postgresql/root.crt}, which the worker never relies on).
     */
    public static DatabaseConfig from(SettingValues values) {
        DatabaseConfig config = new DatabaseConfig(values.get(Settings.PGHOST), values.getOr(Settings.PGPORT, 0),
                values.get(Settings.PGDATABASE), values.get(Settings.PGUSER), values.get(Settings.PGPASSWORD),
                values.get(Settings.PGSSLMODE), values.get(Settings.PGSSLROOTCERT));
        if (config.verifiesServer() && values.raw(Settings.PGSSLROOTCERT.name()) == null) {
            values.problem(Settings.PGSSLROOTCERT.name() + " is required with PGSSLMODE=" + config.sslMode().pgValue()
                    + ": " + Parsers.CA_BUNDLE_ADVICE);
        }
        return config;
    }

    /** Whether the server's certificate is checked against {@link #sslRootCert()} (verify-ca, verify-full). */
    public boolean verifiesServer() {
        return sslMode == SslMode.VERIFY_CA || sslMode == SslMode.VERIFY_FULL;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** Connection properties for an ordinary SQL session. */
    public Properties sqlProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("sslmode", sslMode.pgValue());
        if (sslRootCert != null) {
            properties.setProperty("sslrootcert", sslRootCert.toString());
        }
        properties.setProperty("ApplicationName", "slot2kinesis");
        properties.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        // A peer that vanished without a reset (failover, a dropped NAT entry) would otherwise leave a query waiting
        // for hours: TCP keepalive starts probing after 2 h by default. Generous, because an initial load's first
        // fetch may take a while on a big table; slot creation, which waits for open transactions, lifts it.
        properties.setProperty("socketTimeout", Long.toString(SQL_SOCKET_TIMEOUT.toSeconds()));
        properties.setProperty("tcpKeepAlive", "true");
        // money's text follows lc_monetary (pgoutput sends the walsender's text too): the C locale's form is the one
        // the formats know how to turn into an exact number, whatever the server or database default.
        properties.setProperty("options", "-c lc_monetary=C");
        return properties;
    }

    /** Properties for a logical replication session (pgjdbc's replication API). */
    public Properties replicationProperties() {
        Properties properties = sqlProperties();
        properties.setProperty("replication", "database");
        // The stream has its own liveness (status updates, wal_sender_timeout); CREATE_REPLICATION_SLOT waits for open
        // transactions for as long as they run.
        properties.setProperty("socketTimeout", "0");
        properties.setProperty("assumeMinServerVersion", "10");
        properties.setProperty("preferQueryMode", "simple");
        return properties;
    }

    /** Where the worker connects, for messages: {@code user@host:port/database}. */
    public String describe() {
        return user + "@" + host + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return "DatabaseConfig[" + describe() + ", sslmode=" + sslMode.pgValue() + "]";
    }
}
