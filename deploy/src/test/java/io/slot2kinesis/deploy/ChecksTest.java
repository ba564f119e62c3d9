package io.slot2kinesis.deploy;

import static io.slot2kinesis.deploy.AwsStandIn.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.infra.config.DeploymentConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Each check's logic against the local AWS stand-in: the pass, and every failure's one line. */
class ChecksTest {

    private AwsStandIn aws;
    private AwsClients clients;

    @BeforeEach
    void start() throws Exception {
        aws = new AwsStandIn();
        clients = aws.clients("eu-west-1");
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
    }

    private static Finding only(List<Finding> findings) {
        assertThat(findings).hasSize(1);
        return findings.get(0);
    }

    // credentials

    @Test
    void credentialsOfTheEnvironmentsAccountPass() {
        aws.answer("GetCallerIdentity", 200, callerIdentity("111111111111"));
        Finding f = only(new CredentialsCheck(clients, "dev", "111111111111").run());
        assertThat(f.ok()).isTrue();
        assertThat(f.message()).isEqualTo("arn:aws:iam::111111111111:user/deployer in account 111111111111");
    }

    @Test
    void credentialsOfAnotherAccountFailNamingBoth() {
        aws.answer("GetCallerIdentity", 200, callerIdentity("999999999999"));
        Finding f = only(new CredentialsCheck(clients, "dev", "111111111111").run());
        assertThat(f.ok()).isFalse();
        assertThat(f.message()).isEqualTo("the credentials are for account 999999999999 (arn:aws:iam::999999999999:user/deployer),"
                + " but environment dev names account 111111111111 in cdk.json: use credentials of 111111111111 (AWS_PROFILE)");
    }

    @Test
    void noCredentialsFailSayingHowToGetThem() {
        try (AwsClients none = aws.clients("eu-west-1", () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        })) {
            Finding f = only(new CredentialsCheck(none, "dev", "111111111111").run());
            assertThat(f.ok()).isFalse();
            assertThat(f.message()).isEqualTo("no AWS credentials found: set AWS_PROFILE (or run aws sso login / aws configure)"
                    + " for account 111111111111 of environment dev");
        }
    }

    @Test
    void expiredCredentialsFailSayingRefresh() {
        aws.answer("GetCallerIdentity", 403, queryError("ExpiredToken", "The security token included in the request is expired"));
        Finding f = only(new CredentialsCheck(clients, "dev", "111111111111").run());
        assertThat(f.ok()).isFalse();
        assertThat(f.message()).isEqualTo("the AWS credentials were refused (ExpiredToken): refresh them (aws sso login, or new keys)"
                + " for account 111111111111");
    }

    // bootstrap

    @Test
    void bootstrapVersionFromSsmPasses() {
        aws.answer("GetParameter", 200, bootstrapVersion("28"));
        Finding f = only(new BootstrapCheck(clients, "111111111111").run());
        assertThat(f.ok()).isTrue();
        assertThat(f.message()).isEqualTo("aws://111111111111/eu-west-1 bootstrap version 28");
        assertThat(aws.calls.get(0).body()).contains("/cdk-bootstrap/hnb659fds/version");
    }

    @Test
    void noBootstrapParameterFailsWithTheBootstrapCommand() {
        aws.answer("GetParameter", 400, jsonError("ParameterNotFound", "not found"));
        Finding f = only(new BootstrapCheck(clients, "111111111111").run());
        assertThat(f.ok()).isFalse();
        assertThat(f.message()).isEqualTo("aws://111111111111/eu-west-1 is not bootstrapped for the CDK (no"
                + " /cdk-bootstrap/hnb659fds/version): run npx cdk bootstrap aws://111111111111/eu-west-1");
    }

    @Test
    void anOldBootstrapFailsWithTheBootstrapCommand() {
        aws.answer("GetParameter", 200, bootstrapVersion("5"));
        Finding f = only(new BootstrapCheck(clients, "111111111111").run());
        assertThat(f.ok()).isFalse();
        assertThat(f.message()).isEqualTo("aws://111111111111/eu-west-1 is bootstrapped at version 5, the CDK needs 6 or later:"
                + " run npx cdk bootstrap aws://111111111111/eu-west-1");
    }

    @Test
    void withoutSsmAccessTheToolkitStackTells() {
        aws.answer("GetParameter", 400, jsonError("AccessDeniedException", "not allowed"))
                .answer("DescribeStacks", 200, stack("CDKToolkit",
                        "<member><OutputKey>BootstrapVersion</OutputKey><OutputValue>27</OutputValue></member>", false));
        Finding f = only(new BootstrapCheck(clients, "111111111111").run());
        assertThat(f.ok()).isTrue();
        assertThat(f.message()).isEqualTo("aws://111111111111/eu-west-1 bootstrap version 27");
    }

    @Test
    void withoutSsmAccessAMissingToolkitStackFails() {
        aws.answer("GetParameter", 400, jsonError("AccessDeniedException", "not allowed"))
                .answer("DescribeStacks", 400, noStack("CDKToolkit"));
        Finding f = only(new BootstrapCheck(clients, "111111111111").run());
        assertThat(f.ok()).isFalse();
        assertThat(f.message()).endsWith("run npx cdk bootstrap aws://111111111111/eu-west-1");
    }

    // database

    @Test
    void anAvailableMajorAndAnOfferedClassPass() {
        aws.answer("DescribeDBEngineVersions", 200, engineVersions("postgres", "17.4", "17.5"))
                .answer("DescribeOrderableDBInstanceOptions", 200, orderable("postgres", "17.5", "db.t4g.micro", false));
        List<Finding> findings = new DatabaseCheck(clients, Fixtures.config("dev", null).database()).run();
        assertThat(findings).extracting(Finding::line).containsExactly(
                "ok    database: postgres 17 is available in eu-west-1",
                "ok    database: db.t4g.micro for postgres 17 is offered in eu-west-1");
        assertThat(aws.calls.get(0).body()).contains("Engine=postgres").contains("DBParameterGroupFamily=postgres17");
        assertThat(aws.calls.get(1).body()).contains("DBInstanceClass=db.t4g.micro").doesNotContain("EngineVersion");
    }

    @Test
    void anUnavailableVersionFailsListingTheAvailableOnes() {
        aws.answer("DescribeDBEngineVersions", body -> body.contains("EngineVersion=16.6")
                ? new AwsStandIn.Answer(200, engineVersions("aurora-postgresql"))
                : new AwsStandIn.Answer(200, engineVersions("aurora-postgresql", "16.8", "16.9")));
        Finding f = only(new DatabaseCheck(clients, Fixtures.config("aurora", null).database()).run());
        assertThat(f.ok()).isFalse();
        assertThat(f.message()).isEqualTo("aurora-postgresql 16.6 is not available in eu-west-1: set database.engineVersion in"
                + " cdk.json to one of 16.8, 16.9");
    }

    @Test
    void aClassNotOfferedFails() {
        aws.answer("DescribeDBEngineVersions", 200, engineVersions("postgres", "17.5"))
                .answer("DescribeOrderableDBInstanceOptions", 200, noOrderable());
        List<Finding> findings = new DatabaseCheck(clients, Fixtures.config("dev", null).database()).run();
        assertThat(findings.get(1).ok()).isFalse();
        assertThat(findings.get(1).message()).isEqualTo("db.t4g.micro for postgres 17 is not offered in eu-west-1: set"
                + " database.instanceClass in cdk.json to a class `aws rds describe-orderable-db-instance-options --engine postgres`"
                + " lists for that version");
    }

    @Test
    void aMultiAzClusterNeedsAClassThatSupportsClusters() {
        DeploymentConfig cluster = Fixtures.config("staging-cluster", null);
        aws.answer("DescribeDBEngineVersions", 200, engineVersions("postgres", "16.11"))
                .answer("DescribeOrderableDBInstanceOptions", 200, orderable("postgres", "16.11", "db.m6gd.large", false));
        List<Finding> findings = new DatabaseCheck(clients, cluster.database()).run();
        assertThat(findings.get(1).line()).isEqualTo("FAIL  database: db.m6gd.large for postgres 16.11 is offered in eu-west-1 but not"
                + " as a Multi-AZ DB cluster: set database.instanceClass (or engineVersion) to one with SupportsClusters");

        aws.answer("DescribeOrderableDBInstanceOptions", 200, orderable("postgres", "16.11", "db.m6gd.large", true));
        assertThat(new DatabaseCheck(clients, cluster.database()).run()).allMatch(Finding::ok);
    }

    // DMS roles

    @Test
    void rolesTheEnvironmentCreatesMustNotExistOutsideItsStack() {
        aws.answer("GetRole", 200, role("dms-vpc-role")).answer("DescribeStacks", 400, noStack("slot2kinesis-prod-dms-account-roles"));
        Finding f = only(new DmsRolesCheck(clients, "prod", "slot2kinesis-prod-dms-account-roles", true).run());
        assertThat(f.ok()).isFalse();
        assertThat(f.message()).isEqualTo("dms-vpc-role and dms-cloudwatch-logs-role already exist outside"
                + " slot2kinesis-prod-dms-account-roles, which would fail to create them: set"
                + " environments.prod.dms.createAccountRoles to false and dms.accountRolesExist to true");
    }

    @Test
    void rolesTheEnvironmentCreatesPassWhenAbsentOrItsOwn() {
        aws.answer("GetRole", 404, queryError("NoSuchEntity", "The role cannot be found"));
        assertThat(only(new DmsRolesCheck(clients, "prod", "slot2kinesis-prod-dms-account-roles", true).run()).line())
                .isEqualTo("ok    dms-roles: the slot2kinesis-prod-dms-account-roles stack creates dms-vpc-role, dms-cloudwatch-logs-role");
        aws.answer("GetRole", 200, role("dms-vpc-role")).answer("DescribeStacks", 200, stack("slot2kinesis-prod-dms-account-roles", "", false));
        assertThat(only(new DmsRolesCheck(clients, "prod", "slot2kinesis-prod-dms-account-roles", true).run()).ok()).isTrue();
    }

    @Test
    void rolesTheEnvironmentDoesNotCreateMustExist() {
        aws.answer("GetRole", body -> body.contains("dms-vpc-role")
                ? new AwsStandIn.Answer(200, role("dms-vpc-role"))
                : new AwsStandIn.Answer(404, queryError("NoSuchEntity", "The role cannot be found")));
        Finding f = only(new DmsRolesCheck(clients, "aurora", "slot2kinesis-aurora-dms-account-roles", false).run());
        assertThat(f.ok()).isFalse();
        assertThat(f.message()).isEqualTo("IAM role dms-cloudwatch-logs-role does not exist, and"
                + " environments.aurora.dms.createAccountRoles is false: set it to true, or deploy the -dms-account-roles stack"
                + " of the environment of this account that creates them");
    }

    // Kinesis

    @Test
    void provisionedShardsMustFitTheShardLimit() {
        DeploymentConfig prod = Fixtures.config("prod", null);
        aws.answer("DescribeLimits", 200, limits(200, 198, 0, 50))
                .answer("DescribeStreamSummary", 400, jsonError("ResourceNotFoundException", "not found"));
        Finding f = only(new KinesisQuotaCheck(clients, prod.stream()).run());
        assertThat(f.ok()).isFalse();
        assertThat(f.message()).isEqualTo("slot2kinesis-prod needs 4 shards and the account has 198 of its 200 open in eu-west-1:"
                + " ask for a higher shard quota (Service Quotas) or lower stream.shards");
    }

    @Test
    void anExistingStreamsShardsCountOnce() {
        DeploymentConfig prod = Fixtures.config("prod", null);
        aws.answer("DescribeLimits", 200, limits(200, 198, 0, 50))
                .answer("DescribeStreamSummary", 200, streamSummary("slot2kinesis-prod", "PROVISIONED", 4));
        assertThat(only(new KinesisQuotaCheck(clients, prod.stream()).run()).line())
                .isEqualTo("ok    kinesis: shards after deploy 198 of 200");
    }

    @Test
    void aNewOnDemandStreamMustFitTheOnDemandStreamLimit() {
        DeploymentConfig dev = Fixtures.config("dev", null);
        aws.answer("DescribeLimits", 200, limits(500, 0, 50, 50))
                .answer("DescribeStreamSummary", 400, jsonError("ResourceNotFoundException", "not found"));
        Finding f = only(new KinesisQuotaCheck(clients, dev.stream()).run());
        assertThat(f.message()).isEqualTo("the account has 50 of its 50 on-demand streams in eu-west-1: ask for a higher on-demand"
                + " stream quota (Service Quotas) or set stream.capacity provisioned");
        aws.answer("DescribeStreamSummary", 200, streamSummary("slot2kinesis-dev", "ON_DEMAND", 4));
        assertThat(only(new KinesisQuotaCheck(clients, dev.stream()).run()).ok()).isTrue();
    }

    // DMS quotas

    @Test
    void dmsQuotasWithRoomForTheReplicationsEndpointsAndSubnetGroupPass() {
        aws.answer("DescribeReplicationConfigs", 200, replicationConfigs(null, "other-replication"))
                .answer("DescribeAccountAttributes", 200, accountQuotas("ReplicationInstances", 1, 60, "Endpoints", 10, 1000,
                        "ReplicationSubnetGroups", 5, 60, "SubnetsPerReplicationSubnetGroup", 4, 60));
        assertThat(only(new DmsQuotaCheck(clients, "slot2kinesis-prod", 3).run()).line()).isEqualTo("ok    dms-quotas:"
                + " after deploy Endpoints 12 of 1000, ReplicationSubnetGroups 6 of 60, SubnetsPerReplicationSubnetGroup 3 of 60");
    }

    @Test
    void dmsQuotasWithoutRoomFailOneLineEach() {
        aws.answer("DescribeReplicationConfigs", 200, replicationConfigs(null))
                .answer("DescribeAccountAttributes", 200, accountQuotas("Endpoints", 999, 1000, "ReplicationSubnetGroups", 60, 60,
                        "SubnetsPerReplicationSubnetGroup", 1, 2));
        List<Finding> findings = new DmsQuotaCheck(clients, "slot2kinesis-prod", 3).run();
        assertThat(findings).extracting(Finding::line).containsExactly(
                "FAIL  dms-quotas: the account has 999 of its 1000 DMS endpoints (the stack creates a source and a target)"
                        + " in eu-west-1: ask for a higher quota (Service Quotas, AWS Database Migration Service) or delete"
                        + " unused endpoints",
                "FAIL  dms-quotas: the account has 60 of its 60 replication subnet groups (the stack creates one) in eu-west-1:"
                        + " ask for a higher quota (Service Quotas, AWS Database Migration Service) or delete unused subnet groups",
                "FAIL  dms-quotas: the replication subnet group gets 3 subnets (one per availabilityZones entry) and the account"
                        + " allows 2 per group in eu-west-1: ask for a higher quota (Service Quotas, AWS Database Migration"
                        + " Service) or use fewer availabilityZones");
    }

    @Test
    void anExistingReplicationOfTheEnvironmentNeedsNoNewDmsResources() {
        aws.answer("DescribeReplicationConfigs", body -> new AwsStandIn.Answer(200, body.contains("page-2")
                        ? replicationConfigs(null, "slot2kinesis-prod") : replicationConfigs("page-2", "other-replication")))
                .answer("DescribeAccountAttributes", 200, accountQuotas("Endpoints", 1000, 1000));
        assertThat(only(new DmsQuotaCheck(clients, "slot2kinesis-prod", 3).run()).line()).isEqualTo("ok    dms-quotas:"
                + " replication slot2kinesis-prod exists: its endpoints and subnet group are counted already");
        assertThat(aws.operations()).containsExactly("DescribeReplicationConfigs", "DescribeReplicationConfigs");
    }

    @Test
    void aDeniedDmsQuotaCallNamesThePermission() {
        aws.answer("DescribeReplicationConfigs", 200, replicationConfigs(null))
                .answer("DescribeAccountAttributes", 400, jsonError("AccessDeniedException", "User is not authorized"));
        assertThat(only(new DmsQuotaCheck(clients, "slot2kinesis-prod", 3).run()).message()).isEqualTo(
                "dms:DescribeAccountAttributes was denied: give the deploying principal dms:DescribeAccountAttributes"
                        + " (User is not authorized)");
    }

    // any check

    @Test
    void aDeniedCallNamesThePermission() {
        aws.answer("DescribeLimits", 400, jsonError("AccessDeniedException", "User is not authorized"));
        Finding f = only(new KinesisQuotaCheck(clients, Fixtures.config("dev", null).stream()).run());
        assertThat(f.message()).isEqualTo("kinesis:DescribeLimits was denied: give the deploying principal kinesis:DescribeLimits"
                + " (User is not authorized)");
    }

    @Test
    void preflightStopsAfterFailedCredentials() {
        aws.healthyDev().answer("GetCallerIdentity", 200, callerIdentity("999999999999"));
        DeploymentConfig dev = Fixtures.config("dev", null);
        Preflight.Report report = new Preflight(DeployCommand.checks(clients, dev)).run(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertThat(report.ok()).isFalse();
        assertThat(report.findings()).hasSize(1);
        assertThat(aws.operations()).containsExactly("GetCallerIdentity");
    }
}
