package io.slot2kinesis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slot2kinesis.config.KinesisConfig;
import io.slot2kinesis.config.SettingValues;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.kinesis.KinesisClient;

class EarlyKinesisClientTest {
    private static final Map<String, String> ENVIRONMENT = Map.of("S2K_STREAM", "orders", "AWS_REGION", "eu-west-1");

    /** A client that remembers its configuration and whether it was closed. */
    private static final class RecordingClient implements KinesisClient {
        final KinesisConfig config;
        volatile boolean closed;
        final CountDownLatch closing = new CountDownLatch(1);

        RecordingClient(KinesisConfig config) {
            this.config = config;
        }

        @Override
        public String serviceName() {
            return SERVICE_NAME;
        }

        @Override
        public void close() {
            closed = true;
            closing.countDown();
        }
    }

    private final List<RecordingClient> built = new CopyOnWriteArrayList<>();
    private final Function<KinesisConfig, KinesisClient> factory = config -> {
        RecordingClient client = new RecordingClient(config);
        built.add(client);
        return client;
    };

    private static KinesisConfig parse(Map<String, String> environment, Map<String, String> options) {
        SettingValues values = new SettingValues(environment, options);
        KinesisConfig config = KinesisConfig.from(values);
        values.requireValid();
        return config;
    }

    @Test
    void handsOverTheClientBuiltAheadForTheSameSettings() throws Exception {
        Map<String, String> options = Map.of("S2K_REQUEST_TIMEOUT", "5s");
        try (EarlyKinesisClient early = EarlyKinesisClient.start(ENVIRONMENT, options, factory)) {
            KinesisClient client = early.client(parse(ENVIRONMENT, options)).get();
            assertThat(built).containsExactly((RecordingClient) client);
            assertThat(((RecordingClient) client).config.requestTimeout()).isEqualTo(Duration.ofSeconds(5));
            assertThat(((RecordingClient) client).closed).isFalse();
        }
        assertThat(built.getFirst().closed).as("the caller owns the client handed over").isFalse();
    }

    @Test
    void closesTheClientBuiltAheadAndBuildsAnotherForOtherSettings() throws Exception {
        KinesisConfig other = parse(Map.of("S2K_STREAM", "payments", "AWS_REGION", "eu-west-1"), Map.of());
        try (EarlyKinesisClient early = EarlyKinesisClient.start(ENVIRONMENT, Map.of(), factory)) {
            KinesisClient client = early.client(other).get();
            assertThat(((RecordingClient) client).config).isEqualTo(other);
            assertThat(built).hasSize(2);
            assertThat(built.getFirst().closed).isTrue();
        }
    }

    @Test
    void buildsNothingAheadFromSettingsThatDoNotParse() throws Exception {
        Map<String, String> environment = Map.of("AWS_REGION", "eu-west-1"); // S2K_STREAM missing
        KinesisConfig later = parse(ENVIRONMENT, Map.of());
        try (EarlyKinesisClient early = EarlyKinesisClient.start(environment, Map.of(), factory)) {
            KinesisClient client = early.client(later).get();
            assertThat(built).containsExactly((RecordingClient) client);
        }
    }

    @Test
    void handsOnTheErrorOfABuildThatFailed() {
        Function<KinesisConfig, KinesisClient> failing = config -> {
            throw new IllegalStateException("no trust store");
        };
        try (EarlyKinesisClient early = EarlyKinesisClient.start(ENVIRONMENT, Map.of(), failing)) {
            assertThatThrownBy(() -> early.client(parse(ENVIRONMENT, Map.of())).get())
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(IllegalStateException.class).hasMessage("no trust store");
        }
    }

    @Test
    void closesTheClientBuiltAheadWhenTheCallerStopsBeforeTakingIt() throws Exception {
        CountDownLatch building = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Function<KinesisConfig, KinesisClient> slow = config -> {
            building.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return factory.apply(config);
        };
        // e.g. another setting is wrong: the caller reports it and closes this while the client is still being built
        EarlyKinesisClient early = EarlyKinesisClient.start(ENVIRONMENT, Map.of(), slow);
        assertThat(building.await(30, TimeUnit.SECONDS)).isTrue();
        early.close();
        release.countDown();
        assertThat(awaitBuilt().closing.await(30, TimeUnit.SECONDS)).isTrue();
    }

    private RecordingClient awaitBuilt() throws InterruptedException {
        for (int i = 0; i < 3_000 && built.isEmpty(); i++) {
            Thread.sleep(10);
        }
        return built.getFirst();
    }
}
