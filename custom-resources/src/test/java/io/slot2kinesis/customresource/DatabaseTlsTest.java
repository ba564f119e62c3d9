package io.slot2kinesis.customresource;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTlsTest {

    @Test
    void verifiesTheServerAgainstTheBundleTheJarCarries(@TempDir Path jar, @TempDir Path tmp) throws Exception {
        Path bundle = Files.writeString(jar.resolve("global-bundle.pem"), "-----BEGIN CERTIFICATE-----\n...");
        DatabaseTls tls = DatabaseTls.forBundle(bundle.toUri().toURL(), tmp);
        Properties login = new Properties();
        tls.applyTo(login);
        assertThat(login).containsEntry("sslmode", "verify-full")
                .containsEntry("sslrootcert", tmp.resolve("rds-global-bundle.pem").toString());
        assertThat(tls.rootCert()).hasSameTextualContentAs(bundle);
    }

    @Test
    void encryptsWithoutVerifyingWhenTheJarHasNoBundle(@TempDir Path tmp) throws Exception {
        DatabaseTls tls = DatabaseTls.forBundle(null, tmp);
        Properties login = new Properties();
        tls.applyTo(login);
        assertThat(login).containsEntry("sslmode", "require").doesNotContainKey("sslrootcert");
        assertThat(tls.describe()).contains("-Prds-ca");
        assertThat(tmp).isEmptyDirectory();
    }

    @Test
    void looksForTheBundleWhereTheRdsCaProfilePutsIt(@TempDir Path tmp) throws Exception {
        boolean built = Files.isRegularFile(Path.of("target/classes/rds-ca/global-bundle.pem"));
        assertThat(DatabaseTls.forThisJar(tmp).sslMode()).isEqualTo(built ? "verify-full" : "require");
    }
}
