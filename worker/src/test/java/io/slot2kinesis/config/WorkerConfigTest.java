package io.slot2kinesis.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slot2kinesis.tls.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigTest {
    private static final Map<String, String> MINIMAL = Map.of("S2K_STREAM", "orders", "AWS_REGION", "eu-west-1");

    @Test
    void sqlSessionsGiveUpOnASilentServerWhileReplicationSessionsWaitForAsLongAsItTakes() {
        DatabaseConfig database = WorkerConfig.load(MINIMAL, Map.of()).database();

        assertThat(database.sqlProperties()).containsEntry("socketTimeout", "300")
                .containsEntry("connectTimeout", "10").containsEntry("tcpKeepAlive", "true");
        assertThat(database.replicationProperties()).containsEntry("socketTimeout", "0")
                .containsEntry("tcpKeepAlive", "true");
    }

    @Test
    void appliesDefaultsToEverythingNotGiven() {
        WorkerConfig config = WorkerConfig.load(MINIMAL, Map.of());
        assertThat(config.slot()).isEqualTo("slot2kinesis");
        assertThat(config.publication()).isEqualTo("slot2kinesis");
        assertThat(config.format()).isEqualTo(RecordFormatName.DMS);
        assertThat(config.oversize()).isEqualTo(OversizePolicy.STOP);
        assertThat(config.database().port()).isEqualTo(5432);
        assertThat(config.kinesis().batchRecords()).isEqualTo(500);
        assertThat(config.kinesis().bufferBytes()).isEqualTo(16L << 20);
        assertThat(config.statusInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.heartbeatInterval()).isZero();
    }

    @Test
    void oversizeS3NeedsABucketAndSaysWhichSetting() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put("S2K_OVERSIZE", "s3");

        assertThatThrownBy(() -> WorkerConfig.load(settings, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "S2K_OVERSIZE_BUCKET is required with S2K_OVERSIZE=s3: S3 bucket for records above the "
                                + "stream's maximum size (required with S2K_OVERSIZE=s3)"));
    }

    @Test
    void oversizeS3TakesBucketPrefixKeyAndEndpoint() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.putAll(Map.of("S2K_OVERSIZE", "s3", "S2K_OVERSIZE_BUCKET", "large", "S2K_OVERSIZE_KMS_KEY",
                "arn:aws:kms:eu-west-1:111122223333:key/abc", "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:4568"));

        WorkerConfig config = WorkerConfig.load(settings, Map.of());

        assertThat(config.oversize()).isEqualTo(OversizePolicy.S3);
        assertThat(config.largeRecords()).isEqualTo(new LargeRecordConfig("large", "large-records/",
                "arn:aws:kms:eu-west-1:111122223333:key/abc", java.net.URI.create("http://127.0.0.1:4568")));
    }

    @Test
    void commandLineOptionsWinOverTheEnvironment() {
        WorkerConfig config = WorkerConfig.load(Map.of("S2K_STREAM", "orders", "AWS_REGION", "eu-west-1",
                "S2K_SLOT", "from_env"), Map.of("S2K_SLOT", "from_cli"));
        assertThat(config.slot()).isEqualTo("from_cli");
    }

    @Test
    void namesTheSettingTheBadValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> WorkerConfig.load(MINIMAL, Map.of("S2K_FORMAT", "avro")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("S2K_FORMAT 'avro' is not supported: use dms or debezium");
    }

    @Test
    void dmsValuesDefaultToDmssOwnAndRichIsOptIn() {
        assertThat(WorkerConfig.load(MINIMAL, Map.of()).dmsValues()).isEqualTo(DmsValues.DMS);
        assertThat(WorkerConfig.load(MINIMAL, Map.of("S2K_DMS_VALUES", "rich")).dmsValues())
                .isEqualTo(DmsValues.RICH);
        assertThatThrownBy(() -> WorkerConfig.load(MINIMAL, Map.of("S2K_DMS_VALUES", "json")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("S2K_DMS_VALUES 'json' is not supported: use dms or rich");
    }

    @Test
    void refusesAPublicationNameThatLeavesNoRoomForItsInsertOnlyTwin() {
        String name = "p".repeat(52);
        assertThatThrownBy(() -> WorkerConfig.load(MINIMAL, Map.of("S2K_PUBLICATION", name)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("S2K_PUBLICATION '" + name + "' is 52 bytes long: at most 51 are allowed, because the "
                        + "worker also creates '<S2K_PUBLICATION>_insert_only' (PostgreSQL truncates names to 63 "
                        + "bytes, NAMEDATALEN-1, so a longer name would silently name something else)");
        assertThat(WorkerConfig.load(MINIMAL, Map.of("S2K_PUBLICATION", "p".repeat(51))).publication())
                .hasSize(51);
    }

    @Test
    void refusesASlotNameLongerThanPostgresKeeps() {
        String name = "s".repeat(64);
        assertThatThrownBy(() -> WorkerConfig.load(MINIMAL, Map.of("S2K_SLOT", name)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("S2K_SLOT '" + name + "' is 64 bytes long: at most 63 are allowed (PostgreSQL truncates "
                        + "names to 63 bytes, NAMEDATALEN-1, so a longer name would silently name something else)");
        assertThat(WorkerConfig.load(MINIMAL, Map.of("S2K_SLOT", "s".repeat(63))).slot()).hasSize(63);
    }

    @Test
    void aMappingsFileWithAnotherDigestThanTheDeployedOneStopsTheWorkerNamingBothDigests(@TempDir Path dir)
            throws Exception {
        Path mappings = Files.writeString(dir.resolve("table-mappings.json"), "{\"rules\": []}");
        String digest = FileDigest.sha256(Files.readAllBytes(mappings));
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put("S2K_TABLE_MAPPINGS", mappings.toString());
        settings.put("S2K_TABLE_MAPPINGS_SHA256", digest.toUpperCase(java.util.Locale.ROOT));
        assertThat(WorkerConfig.load(settings, Map.of()).tableMappings()).isEqualTo(mappings);

        Files.writeString(mappings, "{\"rules\": [ ]}");
        assertThatThrownBy(() -> WorkerConfig.load(settings, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("S2K_TABLE_MAPPINGS " + mappings + " has SHA-256 ")
                        .contains("not the " + digest + " of S2K_TABLE_MAPPINGS_SHA256")
                        .contains("./dev deploy <env>"));
    }

    @Test
    void aDigestWithoutItsFileOrThatIsNotHexIsAProblemNamingTheSetting() {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put("S2K_TABLE_GROUPS_SHA256", "0".repeat(64));
        settings.put("S2K_TABLE_MAPPINGS_SHA256", "abc");

        assertThatThrownBy(() -> WorkerConfig.load(settings, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactlyInAnyOrder(
                        "S2K_TABLE_MAPPINGS_SHA256 'abc' is not a SHA-256 digest: 64 hexadecimal digits are expected",
                        "S2K_TABLE_GROUPS_SHA256 needs S2K_TABLE_GROUPS, the file it is the digest of"));
    }

    @Test
    void aGroupReadsItsOwnSlotAndPublicationNamedAfterTheBaseNames(@TempDir Path dir) throws Exception {
        Path groups = Files.writeString(dir.resolve("table-groups.json"), "{}");
        WorkerConfig config = WorkerConfig.load(MINIMAL, Map.of("S2K_TABLE_GROUPS", groups.toString(),
                "S2K_GROUP", "orders", "S2K_SLOT", "s2k", "S2K_PUBLICATION", "pub"));
        assertThat(config.slot()).isEqualTo("s2k_orders");
        assertThat(config.publication()).isEqualTo("pub_orders");
        assertThat(config.slotOfGroup("rest")).isEqualTo("s2k_rest");
        WorkerConfig single = WorkerConfig.load(MINIMAL, Map.of());
        assertThat(single.slot()).isEqualTo("slot2kinesis");
        assertThat(single.publication()).isEqualTo("slot2kinesis");
        assertThat(single.slotOfGroup("rest")).isNull();
    }

    @Test
    void aGroupNeedsTheGroupsFileAndNamesThatStillFit(@TempDir Path dir) throws Exception {
        Path groups = Files.writeString(dir.resolve("table-groups.json"), "{}");
        assertThatThrownBy(() -> WorkerConfig.load(MINIMAL, Map.of("S2K_GROUP", "orders")))
                .hasMessageContaining("S2K_GROUP needs S2K_TABLE_GROUPS, the table groups file that defines the group");
        assertThatThrownBy(() -> WorkerConfig.load(MINIMAL, Map.of("S2K_TABLE_GROUPS", groups.toString())))
                .hasMessageContaining("S2K_GROUP is required with S2K_TABLE_GROUPS: name the group this worker streams");
        String publication = "p".repeat(45);
        assertThatThrownBy(() -> WorkerConfig.load(MINIMAL, Map.of("S2K_TABLE_GROUPS", groups.toString(),
                "S2K_GROUP", "orders", "S2K_PUBLICATION", publication)))
                .hasMessageContaining("S2K_PUBLICATION '" + publication + "' with S2K_GROUP 'orders' makes '"
                        + publication + "_orders', 52 bytes: at most 51 are allowed (the worker also creates '"
                        + publication + "_orders_insert_only'); shorten S2K_PUBLICATION or the group name");
        assertThatThrownBy(() -> WorkerConfig.load(MINIMAL, Map.of("S2K_TABLE_GROUPS", groups.toString(),
                "S2K_GROUP", "Orders")))
                .hasMessageContaining("S2K_GROUP 'Orders' must be 1 to 20 lower-case letters");
    }

    @Test
    void listsEveryProblemAtOnce() {
        assertThatThrownBy(() -> WorkerConfig.load(Map.of("PGPORT", "99999", "S2K_BATCH_LINGER", "soon",
                "S2K_SLOT", "Bad-Slot"), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "PGPORT '99999' must be between 1 and 65535",
                        "S2K_SLOT 'Bad-Slot' must be 1 to 63 lower-case letters, digits or underscores, not starting "
                                + "with a digit",
                        "AWS_REGION is required: the region of the stream, e.g. eu-west-1",
                        "S2K_STREAM is required: Kinesis data stream name or ARN",
                        "S2K_BATCH_LINGER 'soon' must be a duration such as 500ms, 10s, 5m or 1h"));
    }

    @Test
    void neverPrintsThePassword() {
        assertThatThrownBy(() -> WorkerConfig.load(Map.of("S2K_STREAM", "s", "AWS_REGION", "r", "PGPASSWORD", " "),
                Map.of()))
                .hasMessage("PGPASSWORD (hidden) must not be empty");
        WorkerConfig config = WorkerConfig.load(Map.of("S2K_STREAM", "s", "AWS_REGION", "r",
                "PGPASSWORD", "hunter2"), Map.of());
        assertThat(config.database().toString()).doesNotContain("hunter2");
        assertThat(config.toString()).doesNotContain("hunter2");
    }

    @Test
    void defaultsTheRegionWhenAnEmulatorEndpointIsGiven() {
        WorkerConfig config = WorkerConfig.load(Map.of("S2K_STREAM", "s",
                "AWS_ENDPOINT_URL_KINESIS", "http://localhost:4567"), Map.of());
        assertThat(config.kinesis().region()).isEqualTo("us-east-1");
    }

    @Test
    void rejectsAnEndpointThatIsNotAUrl() {
        assertThatThrownBy(() -> WorkerConfig.load(Map.of("S2K_STREAM", "s", "AWS_REGION", "r",
                "AWS_ENDPOINT_URL_KINESIS", "localhost:4567"), Map.of()))
                .hasMessage("AWS_ENDPOINT_URL_KINESIS 'localhost:4567' must be an http:// or https:// URL");
    }

    private static final String CA_ADVICE = "point PGSSLROOTCERT at a PEM file of CA certificates (in AWS the RDS "
            + "bundle at /app/rds-ca/global-bundle.pem, in an image built with -Prds-ca: see docs/deploy.md)";

    private static Map<String, String> tls(String mode, String rootCert) {
        Map<String, String> settings = new HashMap<>(MINIMAL);
        settings.put("PGSSLMODE", mode);
        if (rootCert != null) {
            settings.put("PGSSLROOTCERT", rootCert);
        }
        return settings;
    }

    @Test
    void refusesToVerifyTheServerWithoutACaBundleSayingWhatToDo() {
        assertThatThrownBy(() -> WorkerConfig.load(tls("verify-full", null), Map.of()))
                .hasMessage("PGSSLROOTCERT is required with PGSSLMODE=verify-full: " + CA_ADVICE);
        assertThatThrownBy(() -> WorkerConfig.load(tls("verify-ca", null), Map.of()))
                .hasMessage("PGSSLROOTCERT is required with PGSSLMODE=verify-ca: " + CA_ADVICE);
    }

    @Test
    void refusesABundleThatIsMissingOrNotAPemOfCertificatesNamingThePath(@TempDir Path dir) throws Exception {
        Path absent = dir.resolve("rds-ca/global-bundle.pem");
        assertThatThrownBy(() -> WorkerConfig.load(tls("verify-full", absent.toString()), Map.of()))
                .hasMessage("PGSSLROOTCERT '" + absent + "' is not a readable file: " + CA_ADVICE);
        Path html = Files.writeString(dir.resolve("global-bundle.pem"), "<html>Access Denied</html>");
        assertThatThrownBy(() -> WorkerConfig.load(tls("verify-full", html.toString()), Map.of()))
                .hasMessage("PGSSLROOTCERT '" + html + "' is not a PEM file of certificates (no -----BEGIN "
                        + "CERTIFICATE----- block): " + CA_ADVICE);
    }

    @Test
    void acceptsVerifyFullWithAPemOfCertificates(@TempDir Path dir) throws Exception {
        Path ca = TestCertificates.create(dir, "config").caPem();
        DatabaseConfig database = WorkerConfig.load(tls("verify-full", ca.toString()), Map.of()).database();
        assertThat(database.sslMode()).isEqualTo(SslMode.VERIFY_FULL);
        assertThat(database.sslRootCert()).isEqualTo(ca);
        assertThat(database.sqlProperties()).containsEntry("sslmode", "verify-full")
                .containsEntry("sslrootcert", ca.toString());
    }

    @Test
    void everyConnectionAsksForTheCLocalesMoneyFormat() {
        DatabaseConfig database = WorkerConfig.load(tls("require", null), Map.of()).database();
        assertThat(database.sqlProperties()).containsEntry("options", "-c lc_monetary=C");
        assertThat(database.replicationProperties()).containsEntry("options", "-c lc_monetary=C")
                .containsEntry("replication", "database");
    }

    @Test
    void needsNoBundleWhenTheServerIsNotVerified() {
        assertThat(WorkerConfig.load(tls("require", null), Map.of()).database().sslRootCert()).isNull();
    }
}
