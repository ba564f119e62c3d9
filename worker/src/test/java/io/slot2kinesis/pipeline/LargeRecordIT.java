package io.slot2kinesis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.largerecord.ObjectKeys;
import io.slot2kinesis.localstack.NodeProcess;
import io.slot2kinesis.localstack.S3Local;
import io.slot2kinesis.localstack.StreamReader;
import io.slot2kinesis.pipeline.LocalStackFixture.Names;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.replication.LogSequenceNumber;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code S2K_OVERSIZE=s3} against kinesis-local (records up to 1 MiB) and s3rver: a record above the stream's maximum
 * goes to an object, a pointer record takes its place in its key's order, and the slot never moves past a record
 * whose object does not exist yet.
 */
@Timeout(240)
class LargeRecordIT {
    private static final String BUCKET = "large-records-it";
    /** The full record is JSON text: strings of one row value may be far above Jackson's default 20 M characters. */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 30).build()).build());
    private static LocalStackFixture stack;

    @BeforeAll
    static void start() {
        stack = new LocalStackFixture();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void putsA30MegabyteRowInS3AndItsPointerInOrderAmongTheSmallRowsOfItsKey() throws Exception {
        Names names = stack.newNames();
        String table = "docs_" + names.slot();
        stack.postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, body text)");
        try (S3Local s3Local = S3Local.start(BUCKET); S3Client s3 = s3(s3Local.endpoint())) {
            WorkerConfig config = stack.config(settings(names, s3Local.endpoint()));
            try (KinesisClient kinesis = stack.createStream(config, 1);
                    InProcessWorker worker = new InProcessWorker(config, kinesis)) {
                awaitUntil("the slot exists", Duration.ofSeconds(60),
                        () -> stack.confirmedFlush(names.slot()).asLong() > 0);
                int md5s = 937_500; // 30,000,000 characters
                stack.postgres.execute(
                        "INSERT INTO " + table + " VALUES (1, 'small-1'), (2, 'other-1')",
                        "UPDATE " + table + " SET body = (SELECT string_agg(md5(g::text), '' ORDER BY g) "
                                + "FROM generate_series(1, " + md5s + ") g) WHERE id = 1",
                        "UPDATE " + table + " SET body = 'small-2' WHERE id = 1",
                        "INSERT INTO " + table + " VALUES (3, 'other-2')");
                LogSequenceNumber afterAll = stack.currentWal();

                List<JsonNode> records = Changes.distinct(LocalStackFixture.awaitChanges(kinesis, names.stream(), 5,
                        Duration.ofSeconds(120)));
                assertThat(records).hasSize(5);
                List<JsonNode> keyOne = records.stream()
                        .filter(r -> r.path("metadata").path("partition-key-value").asText().endsWith(".1"))
                        .toList();
                assertThat(keyOne).extracting(r -> r.path("metadata").path("operation").asText())
                        .containsExactly("insert", "update", "update");
                assertThat(keyOne.get(0).path("data").path("body").asText()).isEqualTo("small-1");
                assertThat(keyOne.get(2).path("data").path("body").asText()).isEqualTo("small-2");

                JsonNode pointerRecord = keyOne.get(1);
                assertThat(pointerRecord.has("data")).as("the row is left out of the pointer record").isFalse();
                JsonNode pointer = pointerRecord.path("metadata").path("large-record");
                long commitLsn = LogSequenceNumber.valueOf(pointerRecord.path("metadata").path("commit-lsn").asText())
                        .asLong();
                assertThat(pointer.path("bucket").asText()).isEqualTo(BUCKET);
                assertThat(pointer.path("key").asText()).isEqualTo(ObjectKeys.forRecord("large-records/",
                        names.stream(), names.slot(), commitLsn, pointerRecord.path("metadata").path("transaction-record-id")
                                .asLong()));

                byte[] object = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(pointer.path("key").asText()))
                        .asByteArray();
                assertThat((long) object.length).isEqualTo(pointer.path("size").asLong());
                assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object)))
                        .isEqualTo(pointer.path("sha256").asText());
                JsonNode full = JSON.readTree(object);
                assertThat(full.path("metadata").path("operation").asText()).isEqualTo("update");
                assertThat(full.path("data").path("body").asText()).isEqualTo(md5s(md5s));
                assertThat(records).extracting(r -> r.path("data").path("body").asText())
                        .contains("other-1", "other-2");
                awaitUntil("the slot moves past the last commit", Duration.ofSeconds(60),
                        () -> stack.confirmedFlush(names.slot()).asLong() >= afterAll.asLong());
            }
        }
    }

    @Test
    void holdsTheSlotBeforeALargeRecordUntilS3StoresItStopsWhenAskedAndCarriesOnOnceS3IsBack() throws Exception {
        Names names = stack.newNames();
        String table = "held_" + names.slot();
        stack.postgres.execute("CREATE TABLE " + table + " (id int PRIMARY KEY, body text)");
        int port = NodeProcess.freePort();
        WorkerConfig config = stack.config(settings(names, S3Local.endpointOn(port)));
        try (KinesisClient kinesis = stack.createStream(config, 1)) {
            InProcessWorker first = new InProcessWorker(config, kinesis);
            awaitUntil("the slot exists", Duration.ofSeconds(60),
                    () -> stack.confirmedFlush(names.slot()).asLong() > 0);
            stack.postgres.execute("INSERT INTO " + table + " SELECT 1, string_agg(md5(g::text), '') "
                    + "FROM generate_series(1, 80000) g"); // 2.5 MB, above kinesis-local's 1 MiB
            LogSequenceNumber afterBig = stack.currentWal();
            stack.postgres.execute("INSERT INTO " + table + " VALUES (2, 'after')");
            LogSequenceNumber afterSmall = stack.currentWal();

            String firstSession = awaitSentAndRetrying(names.slot(), afterSmall, null);
            // The slot may sit inside the transaction (the server reports its progress), never at or past its commit.
            assertThat(stack.confirmedFlush(names.slot()).asLong()).as("slot held before the large record's commit")
                    .isLessThan(afterBig.asLong());
            StreamReader reader = new StreamReader(kinesis, names.stream());
            reader.poll(record -> {});
            assertThat(reader.records()).as("nothing on the stream while the object is missing").isEmpty();
            assertThat(first.isRunning()).isTrue();
            first.close(); // a stop ends the retries: fails unless the worker ends within 60 s, without error
            assertThat(stack.confirmedFlush(names.slot()).asLong()).isLessThan(afterBig.asLong());

            try (InProcessWorker second = new InProcessWorker(config, kinesis)) {
                awaitSentAndRetrying(names.slot(), afterSmall, firstSession);
                try (S3Local s3Local = S3Local.startOn(port, BUCKET); S3Client s3 = s3(s3Local.endpoint())) {
                    List<JsonNode> records = Changes.distinct(LocalStackFixture.awaitChanges(kinesis, names.stream(),
                            2, Duration.ofSeconds(60)));
                    // Two keys: arrival order holds per key only.
                    JsonNode pointer = records.stream().filter(r -> r.path("metadata").has("large-record"))
                            .findFirst().orElseThrow().path("metadata").path("large-record");
                    assertThat(records).extracting(r -> r.path("data").path("body").asText("")).contains("after");
                    assertThat(pointer.path("key").asText()).startsWith("large-records/" + names.stream() + "/");
                    assertThat(s3.headObject(b -> b.bucket(BUCKET).key(pointer.path("key").asText()))
                            .contentLength()).isEqualTo(pointer.path("size").asLong());
                    awaitUntil("the slot moves past the later small row", Duration.ofSeconds(60),
                            () -> stack.confirmedFlush(names.slot()).asLong() >= afterSmall.asLong());
                }
            }
        }
    }

    /**
     * Waits until a session on {@code slot} other than {@code previousPid}'s was sent everything up to {@code lsn},
     * then a little more: the reading thread retries the object meanwhile. Returns the session's walsender PID.
     */
    private static String awaitSentAndRetrying(String slot, LogSequenceNumber lsn, String previousPid)
            throws InterruptedException {
        String[] pid = new String[1];
        awaitUntil("the server sent the transactions", Duration.ofSeconds(60), () -> {
            String row = stack.single("SELECT r.pid || ' ' || r.sent_lsn FROM pg_stat_replication r "
                    + "JOIN pg_replication_slots s ON s.active_pid = r.pid WHERE s.slot_name = '" + slot + "'");
            if (row == null || row.split(" ")[0].equals(previousPid)) {
                return false;
            }
            pid[0] = row.split(" ")[0];
            return LogSequenceNumber.valueOf(row.split(" ")[1]).asLong() >= lsn.asLong();
        });
        Thread.sleep(2000); // a few failed attempts (S2K_RETRY_MAX_BACKOFF=500ms)
        return pid[0];
    }

    private static Map<String, String> settings(Names names, URI s3Endpoint) {
        Map<String, String> settings = stack.settings(names);
        settings.put("S2K_OVERSIZE", "s3");
        settings.put("S2K_OVERSIZE_BUCKET", BUCKET);
        settings.put("AWS_ENDPOINT_URL_S3", s3Endpoint.toString());
        return settings;
    }

    private static S3Client s3(URI endpoint) {
        return S3Client.builder().region(Region.US_EAST_1).endpointOverride(endpoint).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** What {@code string_agg(md5(g::text), '' ORDER BY g) FROM generate_series(1, n) g} returns. */
    private static String md5s(int n) throws Exception {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        StringBuilder text = new StringBuilder(n * 32);
        HexFormat hex = HexFormat.of();
        for (int g = 1; g <= n; g++) {
            text.append(hex.formatHex(md5.digest(Integer.toString(g).getBytes(StandardCharsets.US_ASCII))));
        }
        return text.toString();
    }

    private static void awaitUntil(String what, Duration timeout, BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
