package io.slot2kinesis.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What the rds-ca profile runs, on a generated certificate and a local web server (the RDS URL is not reachable). */
@Timeout(120)
class CaBundleBuildStepTest {
    @TempDir
    static Path dir;
    private static Path ca;
    private HttpServer server;

    @BeforeAll
    static void generate() throws Exception {
        ca = TestCertificates.create(dir, "build").caPem();
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI serve(int status, byte[] body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/global/global-bundle.pem", exchange -> {
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/global/global-bundle.pem");
    }

    @Test
    void copiesALocalBundleGivenWithRdsCaBundle(@TempDir Path out) throws Exception {
        Path target = out.resolve("rds-ca/global-bundle.pem");
        CaBundleBuildStep.main(new String[] {"--url=http://127.0.0.1:1/unused", "--file=" + ca, "--to=" + target});
        assertThat(target).hasSameBinaryContentAs(ca);
    }

    @Test
    void failsTheBuildOnALocalFileThatIsNotAPemOfCertificates(@TempDir Path out) throws Exception {
        Path notPem = Files.writeString(out.resolve("bundle.txt"), "not a bundle");
        Path target = out.resolve("rds-ca/global-bundle.pem");
        assertThatThrownBy(() -> CaBundleBuildStep.copy(notPem, target)).isInstanceOf(IllegalStateException.class)
                .hasMessage("rds-ca: " + notPem + " (-Drds.ca.bundle) is not a PEM file of certificates (no -----BEGIN "
                        + "CERTIFICATE----- block): the image needs the RDS CA bundle (global-bundle.pem from the RDS "
                        + "SSL/TLS certificates page)");
        assertThat(target).doesNotExist();
    }

    @Test
    void downloadsTheBundleFromRdsCaUrl(@TempDir Path out) throws Exception {
        URI url = serve(200, Files.readAllBytes(ca));
        Path target = out.resolve("rds-ca/global-bundle.pem");
        CaBundleBuildStep.main(new String[] {"--url=" + url, "--file=", "--to=" + target});
        assertThat(target).hasSameBinaryContentAs(ca);
    }

    @Test
    void keepsNothingWhenTheDownloadIsNotABundle(@TempDir Path out) throws Exception {
        URI url = serve(200, "<html>Access Denied</html>".getBytes(StandardCharsets.UTF_8));
        Path target = out.resolve("global-bundle.pem");
        assertThatThrownBy(() -> CaBundleBuildStep.download(url, target))
                .hasMessageStartingWith("rds-ca: " + url + " (rds.ca.url) is not a PEM file of certificates");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void namesTheHttpStatusOfAFailedDownload(@TempDir Path out) throws Exception {
        URI url = serve(403, new byte[0]);
        assertThatThrownBy(() -> CaBundleBuildStep.download(url, out.resolve("global-bundle.pem")))
                .hasMessage("rds-ca: " + url + " answered HTTP 403: check rds.ca.url, or build with "
                        + "-Drds.ca.bundle=/path/to/global-bundle.pem");
        assertThat(out).isEmptyDirectory();
    }

    @Test
    void saysHowToBuildWithoutTheNetworkWhenTheUrlIsUnreachable(@TempDir Path out) {
        assertThatThrownBy(() -> CaBundleBuildStep.download(URI.create("http://127.0.0.1:1/global-bundle.pem"),
                out.resolve("global-bundle.pem")))
                .hasMessageStartingWith("rds-ca: could not download http://127.0.0.1:1/global-bundle.pem")
                .hasMessageEndingWith("build with -Drds.ca.bundle=/path/to/global-bundle.pem");
    }
}
