package io.slot2kinesis.localstack.kinesis;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** SDK v2 clients as a producer would build them, pointed at a local endpoint. */
final class TestClients {

    private TestClients() {
    }

    static KinesisClient kinesis(URI endpoint) {
        return builder(endpoint).build();
    }

    /** A client that does not retry, so a test sees the first answer. */
    static KinesisClient withoutRetries(URI endpoint, Duration attemptTimeout) {
        return builder(endpoint).overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                .apiCallAttemptTimeout(attemptTimeout)).build();
    }

    private static software.amazon.awssdk.services.kinesis.KinesisClientBuilder builder(URI endpoint) {
        return KinesisClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)));
    }
}
