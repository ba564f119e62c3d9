package io.slot2kinesis.kinesis;

import io.slot2kinesis.config.KinesisConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;

/** Builds the SDK client from the settings. */
public final class KinesisClients {
    private KinesisClients() {}

    public static KinesisClient create(KinesisConfig config) {
        KinesisClientBuilder builder = KinesisClient.builder()
                .region(Region.of(config.region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(java.time.Duration.ofSeconds(5))
                        .socketTimeout(config.requestTimeout()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(config.requestTimeout())
                        .build());
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
            // An emulator accepts any credentials; fall back to placeholders when none are configured.
            builder.credentialsProvider(AwsCredentialsProviderChain.builder()
                    .credentialsProviders(DefaultCredentialsProvider.builder().build(),
                            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .build());
        }
        return builder.build();
    }
}
