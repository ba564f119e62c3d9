package io.slot2kinesis.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Checks that a file setting names the very file that was deployed. In AWS the mappings and groups files come from the
 * worker image while the CDK app reads them from the tree it synthesizes (for DMS, the publication and the slots): an
 * image built from another tree would capture other tables than the rest of the deployment without a word.
 */
public final class FileDigest {
    private FileDigest() {}

    /** Records a problem when {@code digest} is set and {@code file}'s content does not have that SHA-256. */
    static void require(SettingValues values, Setting<Path> file, Setting<String> digest) {
        String expected = values.get(digest);
        if (expected == null) {
            return;
        }
        Path path = values.get(file);
        if (path == null) {
            if (values.raw(file.name()) == null) {
                values.problem(digest.name() + " needs " + file.name() + ", the file it is the digest of");
            }
            return;
        }
        String actual;
        try {
            actual = sha256(Files.readAllBytes(path));
        } catch (IOException e) {
            values.problem(file.name() + " " + path + " cannot be read: " + e.getMessage());
            return;
        }
        if (!actual.equals(expected)) {
            values.problem(file.name() + " " + path + " has SHA-256 " + actual + ", not the " + expected + " of "
                    + digest.name() + " (the file the deployment was synthesized from): the worker image was built"
                    + " from other mappings than the ones deployed; build the image from the same tree as the"
                    + " deploy (./dev deploy <env> does both), or unset " + digest.name());
        }
    }

    /** Lower-case hexadecimal SHA-256 of {@code content}. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
