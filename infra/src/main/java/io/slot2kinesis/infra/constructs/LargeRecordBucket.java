package io.slot2kinesis.infra.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.iam.Grant;
import software.amazon.awscdk.services.iam.GrantOnPrincipalOptions;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * Where the worker puts a record larger than the stream's maximum record size ({@code worker.oversize: "s3"}): one
 * object per record under {@value #PREFIX}, SSE-KMS, while a small pointer record takes its place on the stream.
 * Objects are transient copies that only matter while the stream still holds their pointer, so the bucket expires
 * them after the stream's retention plus a margin, keeps no versions, and goes (with its objects) where the
 * environment's data goes on delete.
 */
public final class LargeRecordBucket extends Construct {

    /** The key prefix the worker writes under; the grants are scoped to it. */
    public static final String PREFIX = "large-records/";

    /**
     * @param retentionHours   the stream's retention ({@code stream.retentionHours})
     * @param expiryMarginDays days an object outlives the stream's retention, rounded up to days
     * @param streamKey        the stream's customer managed key to encrypt with too, or null to create one
     * @param removalPolicy    what happens to the bucket, its objects and a key it created when the stack goes
     */
    public record Props(int retentionHours, int expiryMarginDays, IKey streamKey, RemovalPolicy removalPolicy) {
    }

    private final Bucket bucket;
    private final IKey key;

    public LargeRecordBucket(Construct scope, String id, Props props) {
        super(scope, id);
        // The stream's own customer managed key when it has one: the objects hold the same data as the stream's
        // records, and whoever may decrypt the stream may decrypt them (one key to govern).
        // Otherwise a key of our own: S3 can only use a customer managed key (or aws/s3) for SSE-KMS, and aws/s3's
        // policy cannot be changed to let another account's consumer decrypt.
        key = props.streamKey() != null ? props.streamKey() : Key.Builder.create(this, "Key")
                .description("Encrypts the records too large for the slot2kinesis stream (" + PREFIX + ")")
                .enableKeyRotation(true)
                .removalPolicy(props.removalPolicy())
                .build();
        boolean destroy = props.removalPolicy() == RemovalPolicy.DESTROY;
        bucket = Bucket.Builder.create(this, "Bucket")
                .encryption(BucketEncryption.KMS)
                .encryptionKey(key)
                // S3 Bucket Keys: a bucket-level key from KMS, reused for a time, instead of a KMS request per object
                // (S3 User Guide, "Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys").
                .bucketKeyEnabled(true)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                // No versioning: an object is written once under a key derived from its record's position (a retry
                // writes the same bytes again), and in a versioned bucket expiration only adds a delete marker,
                // keeping every noncurrent version until a second rule removes it.
                .versioned(false)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .id("expire-after-stream-retention")
                        .expiration(Duration.days(expiryDays(props.retentionHours(), props.expiryMarginDays())))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                .removalPolicy(props.removalPolicy())
                // A disposable environment's bucket must be emptied for CloudFormation to delete it.
                .autoDeleteObjects(destroy)
                .build();
        acknowledge(bucket, "S1", "Holds transient copies of stream records, expired after the stream's retention;"
                + " only the worker (put) and the consumers (get) have access, through IAM: an access-log bucket would"
                + " be a second bucket per environment for objects that live a day or two");
    }

    /**
     * Days after creation an object expires: the stream's retention rounded up to whole days, plus the margin. S3
     * adds the days to the object's creation time and rounds the result up to the next midnight UTC (S3 User Guide,
     * "Lifecycle configuration elements"), so an object always outlives the pointer record written right after it.
     */
    public static int expiryDays(int retentionHours, int marginDays) {
        return Math.ceilDiv(retentionHours, 24) + marginDays;
    }

    /**
     * Lets the worker put objects under {@value #PREFIX} and check at startup that the bucket is there. SSE-KMS
     * PutObject needs {@code kms:GenerateDataKey} on the key (S3 User Guide, "Using server-side encryption with AWS KMS
     * keys (SSE-KMS)"; no {@code kms:Encrypt}); the worker puts each object with one PutObject, so no
     * {@code kms:Decrypt} (only a multipart upload needs it: "Multipart upload API and permissions"). HeadBucket needs
     * {@code s3:ListBucket} on the bucket (S3 API Reference, HeadBucket), which lists only this bucket's own objects.
     */
    public void grantPut(IRole worker) {
        onObjects(worker, "s3:PutObject");
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(worker)
                .actions(List.of("s3:ListBucket"))
                .resourceArns(List.of(bucket.getBucketArn()))
                .build());
        key.grant(worker, "kms:GenerateDataKey");
        acknowledgeObjects(worker, "the worker puts one object per record too large for the stream");
    }

    /**
     * Lets a consumer get objects under {@value #PREFIX} and decrypt them ({@code kms:Decrypt}, S3 User Guide
     * "Using server-side encryption with AWS KMS keys (SSE-KMS)"); no ListBucket: a consumer reads the key its
     * pointer record names.
     */
    public void grantRead(IRole consumer) {
        onObjects(consumer, "s3:GetObject");
        key.grant(consumer, "kms:Decrypt");
        acknowledgeObjects(consumer, "a consumer gets the object a pointer record names");
    }

    /** The worker container's settings for {@code S2K_OVERSIZE=s3} (S2K_OVERSIZE itself comes from the config). */
    public Map<String, String> workerEnvironment() {
        return Ordered.stringMap(
                "S2K_OVERSIZE_BUCKET", bucket.getBucketName(),
                "S2K_OVERSIZE_PREFIX", PREFIX,
                "S2K_OVERSIZE_KMS_KEY", key.getKeyArn());
    }

    public IBucket bucket() {
        return bucket;
    }

    public IKey key() {
        return key;
    }

    private void onObjects(IGrantable grantee, String action) {
        Grant.addToPrincipal(GrantOnPrincipalOptions.builder()
                .grantee(grantee)
                .actions(List.of(action))
                .resourceArns(List.of(bucket.arnForObjects(PREFIX + "*")))
                .build());
    }

    /** cdk-nag reports the object wildcard on the role's policy: acknowledge exactly that resource there. */
    private void acknowledgeObjects(IRole role, String why) {
        String bucketId = Stack.of(this).resolve(((CfnElement) bucket.getNode().getDefaultChild()).getLogicalId()).toString();
        acknowledge(role, "IAM5[Resource::<" + bucketId + ".Arn>/" + PREFIX + "*]",
                "Objects are named per record at run time; the grant is limited to this bucket's " + PREFIX
                        + " prefix: " + why);
    }

    private static void acknowledge(IConstruct scope, String rule, String reason) {
        Validations.of(scope).acknowledge(Acknowledgment.builder().id("AwsSolutions-" + rule).reason(reason).build());
    }
}
