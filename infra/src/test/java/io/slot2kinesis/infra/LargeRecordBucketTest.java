package io.slot2kinesis.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.slot2kinesis.infra.config.ConfigException;
import io.slot2kinesis.infra.config.DeploymentConfig;
import io.slot2kinesis.infra.constructs.LargeRecordBucket;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** worker.oversize s3: the large-record bucket, its grants, the worker's settings, and where it is not created. */
class LargeRecordBucketTest {
    @TempDir
    static Path root;

    private static final Map<String, Object> OBJECTS_UNDER_PREFIX = Map.of("Fn::Join", List.of("",
            List.of(Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LargeRecordsBucket.*"), "Arn")),
                    "/large-records/*")));

    @Test
    void expiresObjectsAfterTheStreamRetentionRoundedUpToDaysPlusTheMargin() {
        assertThat(LargeRecordBucket.expiryDays(24, 1)).isEqualTo(2);
        assertThat(LargeRecordBucket.expiryDays(25, 1)).isEqualTo(3);
        assertThat(LargeRecordBucket.expiryDays(168, 0)).isEqualTo(7);
        assertThat(LargeRecordBucket.expiryDays(8760, 7)).isEqualTo(372);
    }

    @Test
    void devPutsLargeRecordsInAPrivateKmsEncryptedBucketThatGoesWithTheEnvironment() {
        Template template = TestApps.build("dev", "worker").main();

        template.resourceCountIs("AWS::S3::Bucket", 1);
        template.hasResourceProperties("AWS::S3::Bucket", Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "BucketKeyEnabled", true,
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "aws:kms", "KMSMasterKeyID",
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LargeRecordsKey.*"), "Arn")))))),
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true),
                "OwnershipControls", Map.of("Rules", List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced"))),
                // dev: retention 24 h = 1 day, margin 1 day
                "LifecycleConfiguration", Map.of("Rules", List.of(Map.of(
                        "Id", "expire-after-stream-retention",
                        "Status", "Enabled",
                        "ExpirationInDays", 2,
                        "AbortIncompleteMultipartUpload", Map.of("DaysAfterInitiation", 1)))),
                "VersioningConfiguration", Match.absent()));
        template.hasResourceProperties("AWS::S3::BucketPolicy", Map.of("PolicyDocument", Match.objectLike(Map.of(
                "Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny", "Action", "s3:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false"))))))))));
        // the stream is encrypted with aws/kinesis: the bucket has its own rotated key
        template.resourceCountIs("AWS::KMS::Key", 1);
        template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
        // dev is disposable (database.deletionProtection false): bucket, objects and key go with the stack
        template.hasResource("AWS::S3::Bucket", Match.objectLike(Map.of("DeletionPolicy", "Delete")));
        template.hasResource("AWS::KMS::Key", Match.objectLike(Map.of("DeletionPolicy", "Delete")));
        template.resourceCountIs("Custom::S3AutoDeleteObjects", 1);
        template.hasOutput("LargeRecordBucketName", Map.of("Value",
                Map.of("Ref", Match.stringLikeRegexp("LargeRecordsBucket.*")), "Description", Match.anyValue()));
        template.hasOutput("LargeRecordKeyArn", Match.anyValue());
        // the worker reaches the bucket through the VPC's S3 gateway endpoint, whose (absent) policy allows it
        template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "VpcEndpointType", "Gateway",
                "ServiceName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                        Match.arrayWith(List.of(Match.stringLikeRegexp(".*s3.*"))))))),
                "PolicyDocument", Match.absent()));
    }

    @Test
    void theWorkerMayPutUnderThePrefixOnlyAndIsToldWhere() {
        Template template = TestApps.build("dev", "worker").main();

        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyName", Match.stringLikeRegexp("WorkerTaskTaskRoleDefaultPolicy.*"),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(
                        Map.of("Effect", "Allow", "Action", "s3:PutObject", "Resource", OBJECTS_UNDER_PREFIX),
                        Map.of("Effect", "Allow", "Action", "s3:ListBucket", "Resource",
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LargeRecordsBucket.*"), "Arn"))),
                        Map.of("Effect", "Allow", "Action", "kms:GenerateDataKey", "Resource",
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LargeRecordsKey.*"), "Arn")))))))));
        String policies = template.findResources("AWS::IAM::Policy").toString();
        assertThat(policies).doesNotContain("s3:*", "s3:GetObject", "s3:DeleteObject", "kms:Encrypt", "kms:Decrypt");

        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(
                Match.objectLike(Map.of("Environment", Match.arrayWith(List.of(
                        Map.of("Name", "S2K_OVERSIZE", "Value", "s3"),
                        Map.of("Name", "S2K_OVERSIZE_BUCKET",
                                "Value", Map.of("Ref", Match.stringLikeRegexp("LargeRecordsBucket.*"))),
                        Map.of("Name", "S2K_OVERSIZE_PREFIX", "Value", "large-records/"),
                        Map.of("Name", "S2K_OVERSIZE_KMS_KEY", "Value",
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LargeRecordsKey.*"), "Arn"))))))))));
    }

    @Test
    void stopOrSkipCreatesNoBucket() {
        // aurora ships oversize stop
        Template template = TestApps.build("aurora", "worker").main();
        template.resourceCountIs("AWS::S3::Bucket", 0);
        assertThat(template.toJSON().toString()).doesNotContain("S2K_OVERSIZE_BUCKET", "LargeRecordBucketName");

        Map<String, Object> context = context("aurora", Map.of("oversize", "skip"), null);
        Template skip = Template.fromStack(App.build(app(context)).main());
        skip.resourceCountIs("AWS::S3::Bucket", 0);
        skip.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(
                Match.objectLike(Map.of("Environment", Match.arrayWith(List.of(
                        Map.of("Name", "S2K_OVERSIZE", "Value", "skip"))))))));
    }

    @Test
    void dmsModeCreatesNoBucketAndSaysSo() {
        App.Stacks stacks = TestApps.build("dev", "dms").stacks();
        Template template = TestApps.build("dev", "dms").main();
        template.resourceCountIs("AWS::S3::Bucket", 0);
        assertThat(template.findOutputs("LargeRecordBucketName")).isEmpty();
        Annotations.fromStack(stacks.main()).hasInfo("*", Match.stringLikeRegexp(
                "worker.oversize s3 applies to mode worker only: mode dms creates no large-record bucket.*"));
    }

    @Test
    void aCustomerManagedStreamKeyEncryptsTheBucketTooAndProtectedDataIsRetained() {
        // prod: customer managed stream key, retention 168 h, deletion protection; here in worker mode with s3
        Map<String, Object> context = context("prod", Map.of("oversize", "s3", "largeRecordExpiryMarginDays", 3), null);
        App.Stacks stacks = App.build(app(context));
        Template template = Template.fromStack(stacks.main());

        template.resourceCountIs("AWS::KMS::Key", 1);
        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                        "BucketKeyEnabled", true,
                        "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "aws:kms", "KMSMasterKeyID",
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ChangeStreamKey.*"), "Arn")))))),
                "LifecycleConfiguration", Map.of("Rules", List.of(Match.objectLike(Map.of("ExpirationInDays", 10)))))));
        template.hasResource("AWS::S3::Bucket", Match.objectLike(Map.of("DeletionPolicy", "Retain")));
        template.resourceCountIs("Custom::S3AutoDeleteObjects", 0);
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Map.of("ContainerDefinitions", List.of(
                Match.objectLike(Map.of("Environment", Match.arrayWith(List.of(Map.of("Name", "S2K_OVERSIZE_KMS_KEY",
                        "Value", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ChangeStreamKey.*"), "Arn"))))))))));
        assertThat(NagTest.findings(stacks.main())).isEmpty();
    }

    @Test
    void theLambdaConsumerMayGetObjectsUnderThePrefixAndDecryptThem() throws IOException {
        Map<String, Object> context = context("dev", Map.of(),
                Map.of("lambda", Map.of("code", jar().toString(), "handler", "com.example.OrdersHandler")));
        App.Stacks stacks = App.build(app(context));
        Template template = Template.fromStack(stacks.main());

        template.hasResourceProperties("AWS::IAM::Policy", Map.of(
                "PolicyName", Match.stringLikeRegexp("ConsumersFunctionServiceRoleDefaultPolicy.*"),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(
                        Map.of("Effect", "Allow", "Action", "s3:GetObject", "Resource", OBJECTS_UNDER_PREFIX),
                        Map.of("Effect", "Allow", "Action", "kms:Decrypt", "Resource",
                                Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("LargeRecordsKey.*"), "Arn")))))))));
        assertThat(NagTest.findings(stacks.main())).isEmpty();
    }

    @Test
    void wrongValuesFailSynthNamingTheKey() {
        assertThat(assertThrows(ConfigException.class, () -> DeploymentConfig.fromContext(
                context("dev", Map.of("oversize", "s4"), null)::get)).getMessage())
                .isEqualTo("environments.dev.worker.oversize 's4' is not supported: use stop or skip or s3");
        assertThat(assertThrows(ConfigException.class, () -> DeploymentConfig.fromContext(
                context("dev", Map.of("largeRecordExpiryMarginDays", 400), null)::get)).getMessage())
                .isEqualTo("environments.dev.worker.largeRecordExpiryMarginDays 400 is out of range: use 0..365");
    }

    /** The shipped context, env's worker section with {@code worker} merged in, and {@code consumers} if given. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> context(String env, Map<String, Object> worker, Map<String, Object> consumers) {
        Map<String, Object> context = TestApps.cdkJsonContext();
        Map<String, Object> environments = new LinkedHashMap<>((Map<String, Object>) context.get("environments"));
        Map<String, Object> envMap = new LinkedHashMap<>((Map<String, Object>) environments.get(env));
        Map<String, Object> workerMap = new LinkedHashMap<>((Map<String, Object>) envMap.get("worker"));
        workerMap.putAll(worker);
        envMap.put("worker", workerMap);
        if (consumers != null) {
            envMap.put("consumers", consumers);
        }
        environments.put(env, envMap);
        context.put("environments", environments);
        context.put("env", env);
        context.put("mode", "worker");
        return context;
    }

    private static software.amazon.awscdk.App app(Map<String, Object> context) {
        return new software.amazon.awscdk.App(software.amazon.awscdk.AppProps.builder().context(context).build());
    }

    private static Path jar() throws IOException {
        Path jar = root.resolve("app.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            zip.putNextEntry(new JarEntry("com/example/OrdersHandler.class"));
            zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
            zip.closeEntry();
        }
        return jar;
    }
}
