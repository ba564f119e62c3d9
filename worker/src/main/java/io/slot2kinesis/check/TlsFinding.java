package io.slot2kinesis.check;

import io.slot2kinesis.config.DatabaseConfig;
import io.slot2kinesis.config.SslMode;
import io.slot2kinesis.replication.ServerCertificateRejectedException;
import java.security.cert.CertificateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.net.ssl.SSLException;

/**
 * The {@code tls} line of {@code check}: whether the session is encrypted, the sslmode, and whether and against which
 * bundle the server certificate was verified; a warning when a remote server is not verified with verify-full.
 */
final class TlsFinding {
    static final String SUBJECT = "tls";
    private static final String USE_VERIFY_FULL = "set PGSSLMODE=verify-full and PGSSLROOTCERT to the server's CA "
            + "bundle (in AWS the RDS bundle, /app/rds-ca/global-bundle.pem in an image built with -Prds-ca)";

    private TlsFinding() {}

    /** The finding for an open session. */
    static Finding of(DatabaseConfig database, Connection connection) {
        return assess(database, encryption(connection));
    }

    /** The finding for a session whose encryption is described by {@code encryption}. */
    static Finding assess(DatabaseConfig database, String encryption) {
        SslMode mode = database.sslMode();
        String detail = encryption + ", sslmode " + mode.pgValue() + ", " + verification(database);
        if (mode != SslMode.VERIFY_FULL && !isLocal(database.host())) {
            return Finding.warn(SUBJECT, detail + "; " + database.host() + " is not local", USE_VERIFY_FULL);
        }
        return Finding.ok(SUBJECT, detail);
    }

    /** The finding for a connection attempt that failed in TLS, or null when the failure is not about TLS. */
    static Finding ofFailure(DatabaseConfig database, SQLException failure) {
        String message = String.valueOf(failure.getMessage());
        ServerCertificateRejectedException rejected = ServerCertificateRejectedException.of(database, failure);
        if (rejected != null) {
            return Finding.fail(SUBJECT, rejected.problem(), rejected.fix());
        }
        if (message.contains("does not support SSL")) {
            return Finding.fail(SUBJECT, "the server does not offer TLS and sslmode " + database.sslMode().pgValue()
                    + " requires it", "turn on ssl in the server, or lower PGSSLMODE where the network is trusted");
        }
        if (!causedByTls(failure)) {
            return null;
        }
        return Finding.fail(SUBJECT, "TLS handshake failed (sslmode " + database.sslMode().pgValue() + "): " + message,
                "check the server's ssl settings and PGSSLMODE");
    }

    private static String encryption(Connection connection) {
        String sql = "SELECT ssl, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                return "encryption unknown (no pg_stat_ssl row for this session)";
            }
            return row.getBoolean(1) ? "encrypted (" + row.getString(2) + ", " + row.getString(3) + ")"
                    : "not encrypted";
        } catch (SQLException e) {
            return "encryption unknown (pg_stat_ssl: " + e.getMessage() + ")";
        }
    }

    private static String verification(DatabaseConfig database) {
        return switch (database.sslMode()) {
            case VERIFY_FULL -> "server certificate and host name verified against " + database.sslRootCert();
            case VERIFY_CA -> "server certificate verified against " + database.sslRootCert()
                    + ", host name not checked";
            default -> "server certificate not verified";
        };
    }

    private static boolean causedByTls(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException || cause instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    static boolean isLocal(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.startsWith("/");
    }
}
