package io.slot2kinesis.localstack.kinesis;

import static io.slot2kinesis.localstack.kinesis.FastKinesisLimitsTest.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.KinesisException;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FastKinesisFaultsTest {

    private FastKinesis kinesis;
    private KinesisClient client;

    @BeforeEach
    void start() {
        kinesis = FastKinesis.start(0);
        kinesis.createStream("faults", 4);
        // Generous: a put of 500 records on a loaded machine may take seconds; one test uses its own short timeout.
        client = TestClients.withoutRetries(kinesis.endpoint(), Duration.ofSeconds(20));
    }

    @AfterEach
    void stop() {
        client.close();
        kinesis.close();
    }

    @Test
    void failsAChosenShareOfEntriesWithInternalFailureAndReplaysThemForTheSameSeed() {
        kinesis.faults(FaultPlan.none().withInternalFailures(0.2).withSeed(7));
        List<Integer> firstRun = failedIndexes(put());
        kinesis.faults(FaultPlan.none().withInternalFailures(0.2).withSeed(7));
        PutRecordsResponse second = put();

        assertThat(firstRun).hasSizeBetween(60, 140).isEqualTo(failedIndexes(second));
        assertThat(second.failedRecordCount()).isEqualTo(firstRun.size());
        assertThat(second.records().get(firstRun.getFirst()).errorMessage()).isEqualTo("Internal Service Failure");
        assertThat(kinesis.counters().entriesFailed("InternalFailure")).isEqualTo(2L * firstRun.size());
        assertThat(kinesis.counters().entriesAccepted()).isEqualTo(2L * (500 - firstRun.size()));
    }

    @Test
    void throttlesAChosenShareOfEntriesWithTheServicesMessage() {
        kinesis.faults(FaultPlan.none().withThrottling(0.5).withSeed(1));
        PutRecordsResponse response = put();

        assertThat(response.failedRecordCount()).isBetween(200, 300);
        assertThat(response.records().stream().filter(r -> r.errorCode() != null)).allSatisfy(r -> {
            assertThat(r.errorCode()).isEqualTo("ProvisionedThroughputExceededException");
            assertThat(r.errorMessage()).matches(
                    "Rate exceeded for shard shardId-00000000000[0-3] in stream faults under account 000000000000\\.");
        });
    }

    @Test
    void answersWholeRequestsWithTheChosenStatus() {
        kinesis.faults(FaultPlan.none().withRequestErrors(1.0, 503));
        assertThatThrownBy(this::put).isInstanceOfSatisfying(KinesisException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(503);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ServiceUnavailable");
        });

        kinesis.faults(FaultPlan.none().withRequestErrors(1.0, 500));
        assertThatThrownBy(this::put).isInstanceOfSatisfying(KinesisException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(500);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
        });
        assertThat(kinesis.counters().requestErrors()).containsEntry("ServiceUnavailable", 1L)
                .containsEntry("InternalFailure", 1L);
    }

    @Test
    void delaysRequestsBeyondTheClientsTimeout() {
        kinesis.faults(FaultPlan.none().withDelays(1.0, Duration.ofSeconds(3)));

        try (KinesisClient impatient = TestClients.withoutRetries(kinesis.endpoint(), Duration.ofSeconds(1))) {
            assertThatThrownBy(() -> impatient.putRecords(b -> b.streamName("faults").records(records(500, 20))))
                    .isInstanceOf(ApiCallAttemptTimeoutException.class);
        }
    }

    @Test
    void refusesConnectionsDuringAnOutageAndRecoversAfterIt() throws Exception {
        // Long enough that the first put certainly falls inside it on a loaded machine; then the recovery is awaited.
        kinesis.outage(Duration.ofSeconds(3), OutageMode.REFUSE_CONNECTIONS);
        assertThatThrownBy(this::put).isInstanceOf(SdkClientException.class)
                .hasMessageContaining("Connection refused");

        assertThat(afterOutage(this::put).failedRecordCount()).isZero();
    }

    @Test
    void answers503DuringAnUnavailableOutage() throws Exception {
        kinesis.outage(Duration.ofSeconds(3), OutageMode.SERVICE_UNAVAILABLE);
        assertThatThrownBy(() -> client.listStreams()).isInstanceOfSatisfying(KinesisException.class,
                e -> assertThat(e.statusCode()).isEqualTo(503));

        assertThat(afterOutage(() -> client.listStreams()).streamNames()).containsExactly("faults");
    }

    @Test
    void isControlledOverTheAdminHttpPaths() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> set = http.send(HttpRequest.newBuilder(admin("/_fault"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"internalFailureShare\": 1.0, \"seed\": 3}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.body()).contains("\"internalFailureShare\":1.0");

        assertThat(put().failedRecordCount()).isEqualTo(500);
        String counters = http.send(HttpRequest.newBuilder(admin("/_counters")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(counters).contains("\"entriesFailed\":{\"InternalFailure\":500}");

        http.send(HttpRequest.newBuilder(admin("/_fault")).DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put().failedRecordCount()).isZero();

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(admin("/_fault"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"throttleShare\": 2}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("throttleShare must be between 0 and 1, was 2.0");
    }

    /** The first answer of {@code call} that is not an outage's failure, trying for up to 30 s. */
    private static <T> T afterOutage(java.util.function.Supplier<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return call.get();
            } catch (software.amazon.awssdk.core.exception.SdkException stillDown) {
                if (System.nanoTime() > deadline) {
                    throw stillDown;
                }
                Thread.sleep(100);
            }
        }
    }

    private URI admin(String path) {
        return kinesis.endpoint().resolve(path);
    }

    private PutRecordsResponse put() {
        return client.putRecords(b -> b.streamName("faults").records(records(500, 20)));
    }

    private static List<Integer> failedIndexes(PutRecordsResponse response) {
        return IntStream.range(0, response.records().size())
                .filter(i -> response.records().get(i).errorCode() != null).boxed().toList();
    }
}
