package io.slot2kinesis.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.kinesis.KinesisClients;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.kinesis.FastKinesis;
import io.slot2kinesis.pipeline.InProcessWorker;
import io.slot2kinesis.replication.ServerCertificateRejectedException;
import io.slot2kinesis.tls.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** {@code check}'s tls line against a PostgreSQL with ssl=on and a certificate from a CA made for the test. */
@Timeout(180)
class TlsCheckIT {
    @TempDir
    static Path dir;
    private static TestCertificates serverCa;
    private static TestCertificates otherCa;
    private static LocalPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        serverCa = TestCertificates.create(dir, "server");
        otherCa = TestCertificates.create(dir, "other");
        postgres = LocalPostgres.start(Map.of("ssl", "on",
                "ssl_cert_file", serverCa.serverCertPem().toString(),
                "ssl_key_file", serverCa.serverKeyPem().toString()));
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
    }

    private static List<Finding> check(String sslMode, Path rootCert) {
        WorkerConfig config = config(sslMode, rootCert, "unused", "http://localhost:1");
        // Only the database lines are under test; the stream line fails fast against a closed port.
        try (KinesisClient kinesis = KinesisClients.create(config.kinesis())) {
            return new SetupCheck(config, table -> true, kinesis).run();
        }
    }

    private static WorkerConfig config(String sslMode, Path rootCert, String stream, String kinesisEndpoint) {
        Map<String, String> settings = new HashMap<>();
        settings.put("PGHOST", "localhost");
        settings.put("PGPORT", Integer.toString(postgres.port()));
        settings.put("PGUSER", LocalPostgres.USER);
        settings.put("PGSSLMODE", sslMode);
        if (rootCert != null) {
            settings.put("PGSSLROOTCERT", rootCert.toString());
        }
        settings.put("S2K_STREAM", stream);
        settings.put("AWS_ENDPOINT_URL_KINESIS", kinesisEndpoint);
        return WorkerConfig.load(Map.of(), settings);
    }

    private static Finding tls(List<Finding> findings) {
        return findings.stream().filter(f -> f.subject().equals("tls")).findFirst()
                .orElseThrow(() -> new AssertionError("no tls finding in " + findings));
    }

    @Test
    void verifyFullWithTheServersCaPassesAndSaysTheServerWasVerified() {
        List<Finding> findings = check("verify-full", serverCa.caPem());
        Finding tls = tls(findings);
        assertThat(tls.level()).isEqualTo(Finding.Level.OK);
        assertThat(tls.detail()).startsWith("encrypted (TLSv1.")
                .contains("sslmode verify-full, server certificate and host name verified against " + serverCa.caPem());
        assertThat(findings).filteredOn(f -> f.subject().equals("wal_level")).singleElement()
                .extracting(Finding::level).isEqualTo(Finding.Level.OK);
    }

    @Test
    void aBundleWithoutTheServersCaFailsNamingTheBundle() {
        List<Finding> findings = check("verify-full", otherCa.caPem());
        Finding tls = tls(findings);
        assertThat(tls.level()).isEqualTo(Finding.Level.FAIL);
        assertThat(tls.detail()).startsWith("the server certificate is not signed by a CA in " + otherCa.caPem()
                + " (sslmode verify-full)");
        assertThat(tls.fix()).contains("PGSSLROOTCERT");
        assertThat(findings).noneMatch(f -> f.subject().equals("connection"));
    }

    @Test
    void sslmodeDisableIsReportedAsNotEncrypted() {
        Finding tls = tls(check("disable", null));
        assertThat(tls.level()).isEqualTo(Finding.Level.OK);
        assertThat(tls.detail()).isEqualTo("not encrypted, sslmode disable, server certificate not verified");
    }

    @Test
    void requireEncryptsWithoutVerifying() {
        Finding tls = tls(check("require", null));
        assertThat(tls.detail()).startsWith("encrypted (TLSv1.").endsWith("sslmode require, server certificate not verified");
    }

    @Test
    void runStopsOnARejectedServerCertificateInsteadOfReconnectingForever() throws Exception {
        try (FastKinesis fast = FastKinesis.start(0)) {
            fast.createStream("tls-run", 1);
            WorkerConfig config = config("verify-full", otherCa.caPem(), "tls-run", fast.endpoint().toString());
            try (KinesisClient kinesis = KinesisClients.create(config.kinesis());
                    InProcessWorker worker = new InProcessWorker(config, kinesis)) {
                worker.awaitEnd(Duration.ofSeconds(60));
                assertThat(worker.isRunning()).as("the worker should have stopped").isFalse();
                assertThat(worker.failure()).isInstanceOf(ServerCertificateRejectedException.class)
                        .hasMessageStartingWith("the server certificate is not signed by a CA in " + otherCa.caPem())
                        .hasMessageContaining("set PGSSLROOTCERT");
            }
        }
    }
}
