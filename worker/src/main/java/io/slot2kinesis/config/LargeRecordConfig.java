package io.slot2kinesis.config;

import java.net.URI;

/**
 * Where {@code S2K_OVERSIZE=s3} puts records above the stream's maximum size.
 *
 * @param bucket   {@code S2K_OVERSIZE_BUCKET}; null unless the policy is s3
 * @param prefix   {@code S2K_OVERSIZE_PREFIX}, the start of every object key
 * @param kmsKey   {@code S2K_OVERSIZE_KMS_KEY}: the KMS key for SSE-KMS, or null for the bucket's AWS managed key
 * @param endpoint {@code AWS_ENDPOINT_URL_S3}, for a local S3-compatible server; null for AWS
 */
public record LargeRecordConfig(String bucket, String prefix, String kmsKey, URI endpoint) {

    static LargeRecordConfig from(SettingValues values, OversizePolicy policy) {
        String bucket = values.get(Settings.OVERSIZE_BUCKET);
        if (policy == OversizePolicy.S3 && bucket == null) {
            values.problem(Settings.OVERSIZE_BUCKET.name() + " is required with S2K_OVERSIZE=s3: "
                    + Settings.OVERSIZE_BUCKET.description());
        }
        return new LargeRecordConfig(bucket, values.get(Settings.OVERSIZE_PREFIX), values.get(Settings.OVERSIZE_KMS_KEY),
                values.get(Settings.S3_ENDPOINT));
    }
}
