package io.slot2kinesis.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.config.DatabaseConfig;
import io.slot2kinesis.config.SslMode;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class TlsFindingTest {
    private static final Path BUNDLE = Path.of("/app/rds-ca/global-bundle.pem");

    private static DatabaseConfig database(String host, SslMode mode) {
        return new DatabaseConfig(host, 5432, "app", "slot2kinesis", null, mode,
                mode == SslMode.VERIFY_FULL || mode == SslMode.VERIFY_CA ? BUNDLE : null);
    }

    @Test
    void warnsWhenARemoteServerIsNotVerifiedWithVerifyFull() {
        Finding finding = TlsFinding.assess(database("db.example.com", SslMode.REQUIRE), "encrypted (TLSv1.3, X)");
        assertThat(finding.level()).isEqualTo(Finding.Level.WARN);
        assertThat(finding.detail()).isEqualTo("encrypted (TLSv1.3, X), sslmode require, server certificate not "
                + "verified; db.example.com is not local");
        assertThat(finding.fix()).startsWith("set PGSSLMODE=verify-full and PGSSLROOTCERT");
        assertThat(TlsFinding.assess(database("db.example.com", SslMode.VERIFY_CA), "encrypted").level())
                .isEqualTo(Finding.Level.WARN);
    }

    @Test
    void saysWhatVerifyFullCheckedAgainstWhichBundle() {
        Finding finding = TlsFinding.assess(database("db.example.com", SslMode.VERIFY_FULL), "encrypted (TLSv1.3, X)");
        assertThat(finding.level()).isEqualTo(Finding.Level.OK);
        assertThat(finding.detail()).isEqualTo("encrypted (TLSv1.3, X), sslmode verify-full, server certificate and "
                + "host name verified against /app/rds-ca/global-bundle.pem");
    }

    @Test
    void acceptsAnUnverifiedSessionToALocalServer() {
        for (String host : new String[] {"localhost", "127.0.0.1", "::1", "/var/run/postgresql"}) {
            assertThat(TlsFinding.assess(database(host, SslMode.DISABLE), "not encrypted").level()).as(host)
                    .isEqualTo(Finding.Level.OK);
        }
    }

    @Test
    void namesTheBundleWhenItHoldsNoCaOfTheServerCertificate() {
        // as the JDK reports it: the handshake failure caused by the validator's CertificateException
        SSLHandshakeException handshake = new SSLHandshakeException("PKIX path building failed");
        handshake.initCause(new java.security.cert.CertificateException("PKIX path building failed"));
        SQLException failure = new SQLException("SSL error: PKIX path building failed", "08006", handshake);
        Finding finding = TlsFinding.ofFailure(database("db.example.com", SslMode.VERIFY_FULL), failure);
        assertThat(finding.level()).isEqualTo(Finding.Level.FAIL);
        assertThat(finding.detail()).startsWith("the server certificate is not signed by a CA in "
                + "/app/rds-ca/global-bundle.pem (sslmode verify-full)");
    }

    @Test
    void namesTheHostTheCertificateDoesNotCarry() {
        SQLException failure = new SQLException("The hostname 10.0.0.5 could not be verified by hostnameverifier "
                + "PgjdbcHostnameVerifier.", "08006");
        Finding finding = TlsFinding.ofFailure(database("10.0.0.5", SslMode.VERIFY_FULL), failure);
        assertThat(finding.detail()).startsWith("the server certificate does not name 10.0.0.5");
        assertThat(finding.fix()).contains("PGHOST");
    }

    @Test
    void aHandshakeThatBrokeOffIsNotACertificateRejection() {
        // a reset during a failover must be retried, not stop the worker
        SQLException failure = new SQLException("SSL error: Connection reset", "08006",
                new SSLHandshakeException("Remote host terminated the handshake"));
        assertThat(io.slot2kinesis.replication.ServerCertificateRejectedException.of(
                database("db.example.com", SslMode.VERIFY_FULL), failure)).isNull();
        assertThat(TlsFinding.ofFailure(database("db.example.com", SslMode.VERIFY_FULL), failure).detail())
                .startsWith("TLS handshake failed");
    }

    @Test
    void leavesOtherConnectionFailuresToTheConnectionLine() {
        assertThat(TlsFinding.ofFailure(database("db.example.com", SslMode.VERIFY_FULL),
                new SQLException("FATAL: password authentication failed for user \"slot2kinesis\"", "28P01"))).isNull();
    }
}
