package io.slot2kinesis.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Debezium Server's distribution ({@code io.debezium:debezium-server-dist:3.6.0.Final:tar.gz}, 781 MB), fetched once
 * from Maven Central into the cache and unpacked there.
 *
 * <p>Not through {@code mvn dependency:copy}: the artifact's parent POM ({@code io.debezium:debezium-server}) is not
 * on Central, so Maven refuses to resolve the tarball. It is fetched over HTTPS from the same Central path instead and
 * checked against Central's SHA-1; a copy already in {@code ~/.m2/repository} is used as is.
 */
final class DebeziumDistribution {
    static final String VERSION = "3.6.0.Final";
    static final String RUNNER = "debezium-server-dist-" + VERSION + "-runner.jar";
    private static final String FILE = "debezium-server-dist-" + VERSION + ".tar.gz";
    private static final String CENTRAL_PATH = "io/debezium/debezium-server-dist/" + VERSION + "/" + FILE;
    private static final URI CENTRAL = URI.create("https://repo.maven.apache.org/maven2/" + CENTRAL_PATH);

    private final Path home;

    private DebeziumDistribution(Path home) {
        this.home = home;
    }

    Path home() {
        return home;
    }

    /** Downloads and unpacks it under {@code cache} unless that was done before. */
    static DebeziumDistribution ensure(Path cache, Consumer<String> progress) {
        Path dir = cache.resolve("debezium-server-" + VERSION);
        Path home = dir.resolve("debezium-server");
        Path unpacked = dir.resolve(".unpacked");
        if (Files.exists(unpacked) && Files.exists(home.resolve(RUNNER))) {
            return new DebeziumDistribution(home);
        }
        try {
            Files.createDirectories(dir);
            Path tarball = tarball(dir, progress);
            progress.accept("unpacking " + tarball + " into " + dir);
            Process tar = new ProcessBuilder("tar", "xzf", tarball.toAbsolutePath().toString()).directory(dir.toFile())
                    .inheritIO().start();
            if (tar.waitFor() != 0 || !Files.exists(home.resolve(RUNNER))) {
                throw new IllegalStateException("could not unpack " + tarball + " (tar exit " + tar.exitValue()
                        + "); delete " + dir + " and run again");
            }
            Files.writeString(unpacked, VERSION + "\n");
            return new DebeziumDistribution(home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Debezium Server under " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while unpacking Debezium Server", e);
        }
    }

    private static Path tarball(Path dir, Consumer<String> progress) throws IOException, InterruptedException {
        Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository").resolve(CENTRAL_PATH);
        if (Files.exists(m2)) {
            return m2;
        }
        Path target = dir.resolve(FILE);
        if (Files.exists(target)) {
            return target;
        }
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        String expected = http.send(HttpRequest.newBuilder(URI.create(CENTRAL + ".sha1")).build(),
                HttpResponse.BodyHandlers.ofString()).body().trim().split("\\s+")[0];
        progress.accept("downloading " + CENTRAL + " (781 MB, once) into " + dir);
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(CENTRAL).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " for " + CENTRAL);
        }
        Path part = dir.resolve(FILE + ".part");
        MessageDigest sha1 = sha1();
        try (InputStream in = new DigestInputStream(response.body(), sha1)) {
            Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
        }
        String actual = HexFormat.of().formatHex(sha1.digest());
        if (!actual.equalsIgnoreCase(expected)) {
            Files.deleteIfExists(part);
            throw new IOException("SHA-1 of the download is " + actual + ", Central says " + expected);
        }
        return Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
