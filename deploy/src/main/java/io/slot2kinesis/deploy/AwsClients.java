package io.slot2kinesis.deploy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS clients of one environment's region, built on first use. {@code endpoint} (tests: a local stand-in)
 * replaces every service's endpoint; null means AWS.
 */
public final class AwsClients implements AutoCloseable {

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final URI endpoint;
    private final List<AutoCloseable> built = new ArrayList<>();
    private StsClient sts;
    private SsmClient ssm;
    private RdsClient rds;
    private IamClient iam;
    private EcrClient ecr;
    private KinesisClient kinesis;
    private CloudFormationClient cloudFormation;
    private DatabaseMigrationClient dms;

    public AwsClients(String region, AwsCredentialsProvider credentials, URI endpoint) {
        this.region = Region.of(region);
        this.credentials = credentials;
        this.endpoint = endpoint;
    }

    /** The default credentials chain (environment, profile, SSO, ...), AWS's endpoints. */
    public static AwsClients forRegion(String region) {
        return new AwsClients(region, DefaultCredentialsProvider.builder().build(), null);
    }

    public String region() {
        return region.id();
    }

    public synchronized StsClient sts() {
        return sts != null ? sts : (sts = build(StsClient.builder()));
    }

    public synchronized SsmClient ssm() {
        return ssm != null ? ssm : (ssm = build(SsmClient.builder()));
    }

    public synchronized RdsClient rds() {
        return rds != null ? rds : (rds = build(RdsClient.builder()));
    }

    /** IAM is global: its endpoint is the partition's, reached through the region like the others. */
    public synchronized IamClient iam() {
        return iam != null ? iam : (iam = build(IamClient.builder()));
    }

    public synchronized EcrClient ecr() {
        return ecr != null ? ecr : (ecr = build(EcrClient.builder()));
    }

    public synchronized KinesisClient kinesis() {
        return kinesis != null ? kinesis : (kinesis = build(KinesisClient.builder()));
    }

    public synchronized CloudFormationClient cloudFormation() {
        return cloudFormation != null ? cloudFormation : (cloudFormation = build(CloudFormationClient.builder()));
    }

    public synchronized DatabaseMigrationClient dms() {
        return dms != null ? dms : (dms = build(DatabaseMigrationClient.builder()));
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends AutoCloseable> C build(B builder) {
        builder.region(region).credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder());
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        C client = builder.build();
        built.add(client);
        return client;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : built) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing an HTTP client: nothing to report
            }
        }
        built.clear();
    }
}
