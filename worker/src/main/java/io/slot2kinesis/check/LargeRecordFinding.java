package io.slot2kinesis.check;

import io.slot2kinesis.config.OversizePolicy;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.largerecord.S3LargeRecordStore;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * With {@code S2K_OVERSIZE=s3}: whether the bucket is there and reachable (HeadBucket). HeadBucket needs
 * {@code s3:ListBucket} ("To use this operation, you must have permissions to perform the s3:ListBucket action",
 * HeadBucket API reference), which the worker itself does not: a 403 is a warning, not a failure.
 */
final class LargeRecordFinding {
    private static final String SUBJECT = "S2K_OVERSIZE_BUCKET";

    private LargeRecordFinding() {}

    static Optional<Finding> of(WorkerConfig config) {
        if (config.oversize() != OversizePolicy.S3) {
            return Optional.empty();
        }
        String bucket = config.largeRecords().bucket();
        try (S3LargeRecordStore store = S3LargeRecordStore.create(config.largeRecords(), config.kinesis().region(),
                config.kinesis().requestTimeout())) {
            store.requireBucket();
            return Optional.of(Finding.ok(SUBJECT, bucket + " reachable; records above the stream's maximum go to "
                    + config.largeRecords().prefix()));
        } catch (SdkServiceException e) {
            if (e.statusCode() == 403) {
                return Optional.of(Finding.warn(SUBJECT, bucket + ": HeadBucket denied (403), so not verified",
                        "grant s3:ListBucket on the bucket to let check verify it; run needs s3:PutObject only"));
            }
            return Optional.of(Finding.fail(SUBJECT, bucket + ": " + (e.statusCode() == 404 ? "no such bucket"
                    : "HTTP " + e.statusCode() + " " + e.getMessage()), "create the bucket, or set "
                    + "S2K_OVERSIZE_BUCKET to one in " + config.kinesis().region()));
        } catch (SdkException e) {
            return Optional.of(Finding.fail(SUBJECT, bucket + " unreachable: " + e.getMessage(),
                    "check the network path to S3 (a gateway endpoint in a private subnet) and AWS_ENDPOINT_URL_S3"));
        }
    }
}
