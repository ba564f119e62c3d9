package io.slot2kinesis.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away certificate authority and a server certificate it signed for {@code localhost}, made with the JDK's
 * keytool (no openssl, no extra library). Files, all PEM: {@link #caPem()}, {@link #serverCertPem()} and
 * {@link #serverKeyPem()} (PKCS#8, mode 0600 as PostgreSQL requires).
 */
public record TestCertificates(Path caPem, Path serverCertPem, Path serverKeyPem) {
    private static final String PASSWORD = "changeit";

    /** A CA named {@code name} and, signed by it, a server certificate for localhost and 127.0.0.1. */
    public static TestCertificates create(Path directory, String name) throws IOException {
        Path ca = directory.resolve(name + "-ca.p12");
        Path server = directory.resolve(name + "-server.p12");
        Path request = directory.resolve(name + "-server.csr");
        TestCertificates files = new TestCertificates(directory.resolve(name + "-ca.pem"),
                directory.resolve(name + "-server.pem"), directory.resolve(name + "-server.key"));
        keytool("-genkeypair", "-keystore", ca.toString(), "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name + " test CA", "-ext", "bc:c", "-validity", "2");
        keytool("-exportcert", "-keystore", ca.toString(), "-alias", "ca", "-rfc", "-file", files.caPem().toString());
        keytool("-genkeypair", "-keystore", server.toString(), "-alias", "server", "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", "CN=localhost", "-validity", "2");
        keytool("-certreq", "-keystore", server.toString(), "-alias", "server", "-file", request.toString());
        keytool("-gencert", "-keystore", ca.toString(), "-alias", "ca", "-infile", request.toString(), "-rfc",
                "-outfile", files.serverCertPem().toString(), "-ext", "san=dns:localhost,ip:127.0.0.1",
                "-validity", "2");
        writePrivateKey(server, files.serverKeyPem());
        return files;
    }

    private static void writePrivateKey(Path keystore, Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            Key key = store.getKey("server", PASSWORD.toCharArray());
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(key.getEncoded());
            Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
            Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-------"));
        } catch (GeneralSecurityException e) {
            throw new IOException("could not read the generated server key from " + keystore, e);
        }
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASSWORD, "-noprompt"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running keytool", e);
        }
    }
}
