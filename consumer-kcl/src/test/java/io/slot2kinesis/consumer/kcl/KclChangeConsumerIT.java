package io.slot2kinesis.consumer.kcl;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.consumer.ChangeFeed;
import io.slot2kinesis.consumer.ChangeParser;
import io.slot2kinesis.consumer.DuplicateFilter;
import io.slot2kinesis.consumer.KeyColumns;
import io.slot2kinesis.consumer.TableRebuild;
import io.slot2kinesis.consumer.kcl.local.DynaliteLocal;
import io.slot2kinesis.localstack.KinesisLocal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/** The KCL application against the local Kinesis and dynalite: every change handed over once, in key order. */
class KclChangeConsumerIT {
    private static final String STREAM = "s2k-kcl";
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    @Test
    @Timeout(180)
    void rebuildsTheTableFromTheStreamDroppingTheDuplicates() throws Exception {
        try (KinesisLocal kinesisLocal = KinesisLocal.start(); DynaliteLocal dynalite = DynaliteLocal.start();
                // HTTP/1.1: the SDK's default for Kinesis is HTTP/2 (for SubscribeToShard), which hangs against kinesis-local.
                KinesisAsyncClient kinesis = client(KinesisAsyncClient.builder().httpClientBuilder(
                        NettyNioAsyncHttpClient.builder().protocol(Protocol.HTTP1_1)), kinesisLocal.endpoint());
                DynamoDbAsyncClient dynamo = client(DynamoDbAsyncClient.builder(), dynalite.endpoint());
                CloudWatchAsyncClient cloudWatch = client(CloudWatchAsyncClient.builder(),
                        URI.create("http://localhost:1"))) {
            createStream(kinesis, 2);
            DynaliteLocal.createLeaseTable(dynamo, "s2k-kcl-it");
            put(kinesis, insert(1, "new", 1), insert(2, "new", 2), update(1, "paid", "0/2000"),
                    update(1, "paid", "0/2000"), delete(2, "0/3000"), insert(3, "new", 1, "0/3000"));

            KeyColumns keys = new KeyColumns().declare("public.orders", "id");
            TableRebuild rebuild = new TableRebuild(keys);
            AtomicInteger handled = new AtomicInteger();
            ChangeFeed feed = new ChangeFeed(new ChangeParser(keys, "before-image"), new DuplicateFilter(), change -> {
                synchronized (rebuild) {
                    rebuild.handle(change);
                }
                handled.incrementAndGet();
            });
            Instant start = Instant.now();
            try (KclChangeConsumer consumer = KclChangeConsumer.start("s2k-kcl-it", STREAM, feed, kinesis, dynamo,
                    cloudWatch, new KclChangeConsumer.Timings(Duration.ofMillis(200), Duration.ofSeconds(3),
                            Duration.ofSeconds(1)))) {
                awaitHandled(handled, 5, Duration.ofSeconds(120));
                System.out.println("KCL handed over 5 changes " + Duration.between(start, Instant.now()).toMillis()
                        + " ms after its start");
            }

            synchronized (rebuild) {
                Map<List<String>, ?> rows = rebuild.rows("public.orders");
                assertThat(rows).containsOnlyKeys(List.of("1"), List.of("3"));
                assertThat(rebuild.row("public.orders", "1").get("status").asText()).isEqualTo("paid");
            }
            assertThat(handled).as("the re-put update is a duplicate").hasValue(5);
        }
    }

    private static void awaitHandled(AtomicInteger handled, int expected, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (handled.get() < expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertThat(handled.get()).as("changes handed over within %s", timeout).isGreaterThanOrEqualTo(expected);
    }

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>, C> C client(
            B builder, URI endpoint) {
        return builder.endpointOverride(endpoint).region(Region.US_EAST_1).credentialsProvider(CREDENTIALS).build();
    }

    private static void createStream(KinesisAsyncClient kinesis, int shards) throws Exception {
        kinesis.createStream(b -> b.streamName(STREAM).shardCount(shards)).get();
        for (int i = 0; i < 100; i++) {
            if (kinesis.describeStreamSummary(b -> b.streamName(STREAM)).get().streamDescriptionSummary()
                    .streamStatus() == StreamStatus.ACTIVE) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("stream " + STREAM + " did not become ACTIVE");
    }

    private record Put(String partitionKey, String json) {}

    private static void put(KinesisAsyncClient kinesis, Put... records) throws Exception {
        for (Put record : records) {
            kinesis.putRecord(b -> b.streamName(STREAM).partitionKey(record.partitionKey())
                    .data(SdkBytes.fromUtf8String(record.json()))).get();
        }
    }

    private static Put insert(int id, String status, int recordId) {
        return insert(id, status, recordId, "0/1000");
    }

    private static Put insert(int id, String status, int recordId, String commitLsn) {
        return row("insert", id, "{\"id\": " + id + ", \"status\": \"" + status + "\"}", null, recordId, commitLsn);
    }

    private static Put update(int id, String status, String commitLsn) {
        return row("update", id, "{\"id\": " + id + ", \"status\": \"" + status + "\"}", null, 1, commitLsn);
    }

    private static Put delete(int id, String commitLsn) {
        return row("delete", id, "{\"id\": " + id + "}", null, 1, commitLsn);
    }

    private static Put row(String operation, int id, String data, String before, int recordId, String commitLsn) {
        String key = "public.orders." + id;
        return new Put(key, "{\"data\": " + data + (before == null ? "" : ", \"before-image\": " + before)
                + ", \"metadata\": {\"timestamp\": \"2026-11-23T10:00:00.123456Z\", \"record-type\": \"data\","
                + " \"operation\": \"" + operation + "\", \"partition-key-type\": \"primary-key\","
                + " \"partition-key-value\": \"" + key + "\", \"schema-name\": \"public\", \"table-name\": \"orders\","
                + " \"transaction-id\": 7631, \"transaction-record-id\": " + recordId + ","
                + " \"commit-timestamp\": \"2026-11-23T10:00:00.120001Z\", \"commit-lsn\": \"" + commitLsn + "\"}}");
    }
}
