package io.slot2kinesis.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEM file of certificate authority certificates, as {@code PGSSLROOTCERT} names (the RDS bundle in AWS). Read
 * strictly: every {@code CERTIFICATE} block must be an X.509 certificate, and there must be at least one.
 */
public final class CaBundle {
    private static final long MAX_BYTES = 16L * 1024 * 1024;
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]*?)-----END CERTIFICATE-----");

    private CaBundle() {}

    /**
     * The certificates of a bundle file; {@link IllegalArgumentException} says what is wrong with it, worded to follow
     * the file's name ({@code "is not a readable file"}).
     */
    public static List<X509Certificate> read(Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("is not a readable file");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException("is larger than 16 MiB, which no CA bundle is");
            }
            return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new IllegalArgumentException("is not a readable file (" + e.getMessage() + ")");
        }
    }

    /** The certificates of PEM text; {@link IllegalArgumentException} as in {@link #read}. */
    public static List<X509Certificate> parse(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher block = BLOCK.matcher(pem);
        while (block.find()) {
            int number = certificates.size() + 1;
            try {
                byte[] der = Base64.getMimeDecoder().decode(block.group(1));
                certificates.add((X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der)));
            } catch (IllegalArgumentException | CertificateException e) {
                throw new IllegalArgumentException("has a CERTIFICATE block (number " + number
                        + ") that is not an X.509 certificate: " + e.getMessage());
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("is not a PEM file of certificates (no -----BEGIN CERTIFICATE----- block)");
        }
        return List.copyOf(certificates);
    }
}
