package io.slot2kinesis.tls;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * The build step of the {@code rds-ca} Maven profile: takes the RDS CA bundle from a local file
 * ({@code -Drds.ca.bundle}) or downloads it ({@code rds.ca.url}), checks that it is a PEM file of certificates, and
 * writes it where the image build picks it up. Runs at build time only; the worker never downloads it.
 *
 * <p>Arguments: {@code --url=URL --file=PATH-or-empty --to=PATH}. A failure is an exception, which fails the build
 * with its message (the step runs inside Maven: no {@code System.exit}).
 */
public final class CaBundleBuildStep {
    private static final String PREFIX = "rds-ca: ";

    private CaBundleBuildStep() {}

    public static void main(String[] args) throws IOException, InterruptedException {
        String url = argument(args, "url");
        String file = argument(args, "file");
        Path target = Path.of(argument(args, "to"));
        int count = file.isBlank() ? download(URI.create(url), target) : copy(Path.of(file), target);
        System.out.println(PREFIX + count + " certificate(s) from " + (file.isBlank() ? url : file) + " in " + target);
    }

    /** Copies a bundle file after checking it; returns the number of certificates. */
    static int copy(Path source, Path target) throws IOException {
        int count = check(source, source + " (-Drds.ca.bundle)");
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        return count;
    }

    /** Downloads a bundle, checks it, and only then puts it at {@code target}; returns the number of certificates. */
    static int download(URI url, Path target) throws IOException, InterruptedException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".download");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<Path> response;
            try {
                response = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(120)).GET().build(),
                        HttpResponse.BodyHandlers.ofFile(partial));
            } catch (IOException e) {
                throw new IllegalStateException(PREFIX + "could not download " + url + " (" + e + "): download the "
                        + "bundle where you can and build with -Drds.ca.bundle=/path/to/global-bundle.pem", e);
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException(PREFIX + url + " answered HTTP " + response.statusCode()
                        + ": check rds.ca.url, or build with -Drds.ca.bundle=/path/to/global-bundle.pem");
            }
            int count = check(partial, url + " (rds.ca.url)");
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            return count;
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static int check(Path file, String source) {
        try {
            return CaBundle.read(file).size();
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(PREFIX + source + " " + e.getMessage()
                    + ": the image needs the RDS CA bundle (global-bundle.pem from the RDS SSL/TLS certificates page)");
        }
    }

    private static String argument(String[] args, String name) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return arg.substring(name.length() + 3);
            }
        }
        throw new IllegalArgumentException(PREFIX + "missing argument --" + name + "=...");
    }
}
