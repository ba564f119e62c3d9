package io.slot2kinesis.largerecord;

import io.slot2kinesis.config.LargeRecordConfig;
import java.time.Duration;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Puts large-record bodies into S3 with PutObject, encrypted with SSE-KMS ({@code x-amz-server-side-encryption:
 * aws:kms}, with {@code S2K_OVERSIZE_KMS_KEY} as {@code x-amz-server-side-encryption-aws-kms-key-id} when set; "if you
 * specify aws:kms but do not provide x-amz-server-side-encryption-aws-kms-key-id, Amazon S3 uses the AWS managed key
 * (aws/s3)", PutObject API reference) and a SHA-256 checksum that S3 verifies on receipt. The worker's role needs
 * {@code s3:PutObject} on the prefix and {@code kms:GenerateDataKey} on the key.
 */
public final class S3LargeRecordStore implements LargeRecordStore {
    private final S3Client s3;
    private final LargeRecordConfig config;

    S3LargeRecordStore(S3Client s3, LargeRecordConfig config) {
        this.s3 = s3;
        this.config = config;
    }

    /** @param region the bucket's region: the worker's ({@code AWS_REGION}) */
    public static S3LargeRecordStore create(LargeRecordConfig config, String region, Duration requestTimeout) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(requestTimeout));
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
            // A local server has no bucket subdomains. "Call the forcePathStyle method with true in your client
            // builder to force the client to use path-style addressing for buckets" (SDK for Java 2.x developer
            // guide, "Work with Amazon S3"); from 2.18 an endpoint override alone means virtual-hosted style.
            builder.forcePathStyle(true);
            // Over plain HTTP the SDK signs the body in aws-chunked encoding ("whether the client should use chunked
            // encoding when signing the payload body", S3Configuration; aws/aws-sdk-java-v2#4746), which S3-compatible
            // test servers such as s3rver store undecoded: sign the whole body instead.
            builder.serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
            // A local server accepts any credentials; fall back to placeholders when none are configured.
            builder.credentialsProvider(AwsCredentialsProviderChain.builder()
                    .credentialsProviders(DefaultCredentialsProvider.builder().build(),
                            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .build());
        }
        return new S3LargeRecordStore(builder.build(), config);
    }

    @Override
    public String bucket() {
        return config.bucket();
    }

    @Override
    public void put(String key, byte[] body, byte[] sha256) {
        // A precalculated checksum "disables the SDK's automatic computation and uses the provided value instead"
        // (SDK for Java 2.x developer guide, "Data integrity protection with checksums"): it travels as the
        // x-amz-checksum-sha256 header, with a plain body rather than aws-chunked encoding with a trailer.
        PutObjectRequest.Builder request = PutObjectRequest.builder()
                .bucket(config.bucket())
                .key(key)
                .contentType("application/json")
                .contentLength((long) body.length)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)
                .checksumSHA256(Base64.getEncoder().encodeToString(sha256))
                .serverSideEncryption(ServerSideEncryption.AWS_KMS);
        if (config.kmsKey() != null) {
            request.ssekmsKeyId(config.kmsKey());
        }
        // Unsafe: no copy of a body that may be hundreds of megabytes; nothing changes it while it is sent.
        s3.putObject(request.build(), RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(body),
                body.length, "application/json"));
    }

    /** Throws when the bucket does not exist or is not reachable with these credentials (HeadBucket). */
    public void requireBucket() {
        s3.headBucket(b -> b.bucket(config.bucket()));
    }

    @Override
    public void close() {
        s3.close();
    }
}
