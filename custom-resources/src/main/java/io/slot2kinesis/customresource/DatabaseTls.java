package io.slot2kinesis.customresource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * How the Lambda connects to the database: {@code verify-full} against the RDS CA bundle when its jar carries one
 * (built with {@code -Prds-ca}), else {@code require} (encrypted, server not verified).
 *
 * @param rootCert the bundle as a file (pgjdbc reads {@code sslrootcert} from a file only); null with require
 */
record DatabaseTls(String sslMode, Path rootCert) {
    static final String BUNDLE_IN_JAR = "/rds-ca/global-bundle.pem";

    /** The choice for this jar; the bundle, if any, is written to {@code directory} ({@code /tmp} in Lambda). */
    static DatabaseTls forThisJar(Path directory) throws IOException {
        return forBundle(DatabaseTls.class.getResource(BUNDLE_IN_JAR), directory);
    }

    static DatabaseTls forBundle(URL bundle, Path directory) throws IOException {
        if (bundle == null) {
            return new DatabaseTls("require", null);
        }
        Path file = directory.resolve("rds-global-bundle.pem");
        try (InputStream in = bundle.openStream()) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return new DatabaseTls("verify-full", file);
    }

    void applyTo(Properties connection) {
        connection.setProperty("sslmode", sslMode);
        if (rootCert != null) {
            connection.setProperty("sslrootcert", rootCert.toString());
        }
    }

    String describe() {
        return rootCert == null
                ? "sslmode=require: no CA bundle in the jar (build with -Prds-ca to verify the server)"
                : "sslmode=verify-full against the RDS CA bundle in the jar";
    }
}
