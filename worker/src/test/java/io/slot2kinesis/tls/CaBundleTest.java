package io.slot2kinesis.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaBundleTest {
    @TempDir
    static Path dir;
    private static TestCertificates certificates;

    @BeforeAll
    static void generate() throws Exception {
        certificates = TestCertificates.create(dir, "bundle");
    }

    @Test
    void readsEveryCertificateOfABundle() throws Exception {
        Path bundle = dir.resolve("two.pem");
        Files.writeString(bundle, Files.readString(certificates.caPem()) + Files.readString(certificates.serverCertPem()));
        assertThat(CaBundle.read(bundle)).extracting(c -> c.getSubjectX500Principal().getName())
                .containsExactly("CN=bundle test CA", "CN=localhost");
    }

    @Test
    void refusesAFileWithoutACertificateBlock() throws Exception {
        Path notPem = dir.resolve("index.html");
        Files.writeString(notPem, "<html>Access Denied</html>");
        assertThatThrownBy(() -> CaBundle.read(notPem)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("is not a PEM file of certificates (no -----BEGIN CERTIFICATE----- block)");
    }

    @Test
    void refusesAPrivateKeyInPlaceOfCertificates() {
        assertThatThrownBy(() -> CaBundle.read(certificates.serverKeyPem()))
                .hasMessage("is not a PEM file of certificates (no -----BEGIN CERTIFICATE----- block)");
    }

    @Test
    void namesTheBlockThatIsNotACertificate() throws Exception {
        Path damaged = dir.resolve("damaged.pem");
        Files.writeString(damaged, Files.readString(certificates.caPem())
                + "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(() -> CaBundle.read(damaged))
                .hasMessageStartingWith("has a CERTIFICATE block (number 2) that is not an X.509 certificate");
    }

    @Test
    void refusesAMissingFileOrADirectory() {
        assertThatThrownBy(() -> CaBundle.read(dir.resolve("absent.pem"))).hasMessage("is not a readable file");
        assertThatThrownBy(() -> CaBundle.read(dir)).hasMessage("is not a readable file");
    }
}
