package io.slot2kinesis.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.slot2kinesis.infra.TestApps;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentConfigTest {

    private static DeploymentConfig parse(Map<String, Object> context) {
        return DeploymentConfig.fromContext(context::get);
    }

    private static Map<String, Object> context(String env) {
        Map<String, Object> context = TestApps.cdkJsonContext();
        context.put("env", env);
        return context;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> context, String env, String name) {
        Map<String, Object> envs = (Map<String, Object>) context.get("environments");
        Map<String, Object> envMap = new LinkedHashMap<>((Map<String, Object>) envs.get(env));
        Map<String, Object> copy = new LinkedHashMap<>(envs);
        copy.put(env, envMap);
        context.put("environments", copy);
        if (name == null) {
            return envMap;
        }
        Map<String, Object> sectionMap = new LinkedHashMap<>((Map<String, Object>) envMap.getOrDefault(name, Map.of()));
        envMap.put(name, sectionMap);
        return sectionMap;
    }

    private static String failure(Map<String, Object> context) {
        return assertThrows(ConfigException.class, () -> parse(context)).getMessage();
    }

    @Test
    void readsTheShippedEnvironments() {
        DeploymentConfig dev = parse(context("dev"));
        assertThat(dev.mode()).isEqualTo(Mode.WORKER);
        assertThat(dev.slotName()).isEqualTo("slot2kinesis_worker");
        assertThat(dev.availabilityZones()).containsExactly("eu-west-1a", "eu-west-1b");
        assertThat(dev.database().createsDatabase()).isTrue();
        assertThat(dev.tableMappingsPath()).isEqualTo("dms-mappings/table-mappings.json");
        DeploymentConfig prod = parse(context("prod"));
        assertThat(prod.mode()).isEqualTo(Mode.DMS);
        assertThat(prod.stream().shards()).isEqualTo(4);
        assertThat(prod.stream().maxRecordSizeKiB()).isEqualTo(10240);
        assertThat(prod.database().deletionProtection()).isTrue();
        assertThat(prod.database().kind()).isEqualTo(DatabaseKind.INSTANCE);
        assertThat(prod.database().engineVersion()).isEqualTo("17");
    }

    @Test
    void tableGroupsAreNamedPerEnvironmentInsideDmsMappingsAndTheCommandLineWins() {
        assertThat(parse(context("dev")).worker().tableGroups()).isNull();

        Map<String, Object> context = context("dev");
        Map<String, Object> worker = section(context, "dev", "worker");
        worker.put("tableGroups", "./dms-mappings/table-groups-dev.json");
        TableGroupsSetting groups = parse(context).worker().tableGroups();
        assertThat(groups).isEqualTo(new TableGroupsSetting("environments.dev.worker.tableGroups",
                "dms-mappings/table-groups-dev.json"));
        assertThat(groups.pathInImage()).isEqualTo("/app/dms-mappings/table-groups-dev.json");
        context.put("tableGroups", "dms-mappings/other.json");
        assertThat(parse(context).worker().tableGroups())
                .isEqualTo(new TableGroupsSetting("tableGroups", "dms-mappings/other.json"));
        context.remove("tableGroups");

        String outside = " is not inside dms-mappings/: use a path relative to the repository root inside dms-mappings/,"
                + " e.g. dms-mappings/table-groups-dev.json (the worker image carries only that folder, at"
                + " /app/dms-mappings)";
        for (String path : java.util.List.of("table-groups.json", "infra/table-groups.json",
                "dms-mappings/../table-groups.json", "/tmp/dms-mappings/table-groups.json", "dms-mappings", " ")) {
            worker.put("tableGroups", path);
            assertThat(failure(context)).isEqualTo("environments.dev.worker.tableGroups '" + path + "'" + outside);
        }
        worker.put("tableGroups", java.util.List.of("dms-mappings/a.json"));
        assertThat(failure(context)).isEqualTo("environments.dev.worker.tableGroups must be a string");
        context.put("tableGroups", "groups.json");
        assertThat(failure(context)).isEqualTo("tableGroups 'groups.json'" + outside);
    }

    @Test
    void tableMappingsFromTheCommandLineMustBeInsideDmsMappingsWhichTheImageCarries() {
        Map<String, Object> context = context("dev");
        context.put("tableMappings", "./dms-mappings/table-mappings-dev.json");
        assertThat(parse(context).tableMappingsPath()).isEqualTo("dms-mappings/table-mappings-dev.json");

        context.put("tableMappings", "mappings/orders.json");
        assertThat(failure(context)).isEqualTo("tableMappings 'mappings/orders.json' is not inside dms-mappings/: use a"
                + " path relative to the repository root inside dms-mappings/, e.g. dms-mappings/table-mappings-dev.json"
                + " (the worker image carries only that folder, at /app/dms-mappings)");
    }

    @Test
    void consumersAreOptionalAndValidated() {
        assertThat(parse(context("dev")).consumers()).isEqualTo(ConsumersConfig.NONE);

        Map<String, Object> context = context("dev");
        Map<String, Object> consumers = section(context, "dev", "consumers");
        consumers.put("fanOut", java.util.List.of("analytics"));
        consumers.put("lambda", Map.of("code", "app.jar", "handler", "com.example.OrdersHandler",
                "enhancedFanOut", true));
        ConsumersConfig config = parse(context).consumers();
        assertThat(config.fanOut()).containsExactly("analytics");
        assertThat(config.lambda()).isEqualTo(new ConsumersConfig.LambdaConsumer("app.jar",
                "com.example.OrdersHandler", 512, 60, 100, 10, true));

        consumers.put("fanOut", java.util.List.of("bad name"));
        assertThat(failure(context)).isEqualTo("environments.dev.consumers.fanOut 'bad name' is not a consumer name:"
                + " use 1 to 128 letters, digits, '_', '.' or '-'");
        consumers.put("fanOut", java.util.List.of("lambda"));
        assertThat(failure(context)).startsWith("environments.dev.consumers.fanOut lists 'lambda', the name of the"
                + " Lambda's own fan-out consumer");
        consumers.put("fanOut", java.util.List.of());
        consumers.put("lambda", Map.of("code", "app.jar"));
        assertThat(failure(context)).startsWith("environments.dev.consumers.lambda.handler is required");
    }

    @Test
    void readsTheClusterEnvironments() {
        DatabaseConfig cluster = parse(context("staging-cluster")).database();
        assertThat(cluster.kind()).isEqualTo(DatabaseKind.MULTI_AZ_CLUSTER);
        assertThat(cluster.engineVersion()).isEqualTo("16.11");
        assertThat(cluster.engineMajorVersion()).isEqualTo("16");
        assertThat(cluster.storageType()).isEqualTo("io1");
        assertThat(cluster.iops()).isEqualTo(1000);
        DatabaseConfig aurora = parse(context("aurora")).database();
        assertThat(aurora.kind()).isEqualTo(DatabaseKind.AURORA);
        assertThat(aurora.serverless()).isTrue();
        assertThat(aurora.readers()).isEqualTo(1);
        assertThat(aurora.serverlessMaxCapacity()).isEqualTo(8);
    }

    @Test
    void theOldEngineMajorVersionKeyStillWorks() {
        Map<String, Object> context = context("dev");
        Map<String, Object> db = section(context, "dev", "database");
        db.remove("engineVersion");
        db.put("engineMajorVersion", "16");
        assertThat(parse(context).database().engineVersion()).isEqualTo("16");
    }

    @Test
    void rejectsAnUnknownDatabaseKind() {
        Map<String, Object> context = context("dev");
        section(context, "dev", "database").put("kind", "cluster");
        assertThat(failure(context)).isEqualTo(
                "environments.dev.database.kind 'cluster' is not supported: use instance, multi-az-cluster or aurora");
    }

    @Test
    void rejectsAMultiAzClusterVersionWithoutLogicalReplication() {
        Map<String, Object> context = context("staging-cluster");
        section(context, "staging-cluster", "database").put("engineVersion", "15.2");
        assertThat(failure(context)).isEqualTo("environments.staging-cluster.database.engineVersion '15.2' cannot decode"
                + " logically on a Multi-AZ DB cluster: use 15.3 or later (logical replication on a Multi-AZ DB cluster"
                + " needs 14.8+, 15.3+ or 16+)");
    }

    @Test
    void aMultiAzClusterOn14Or15NeedsTheMinorVersion() {
        Map<String, Object> context = context("staging-cluster");
        section(context, "staging-cluster", "database").put("engineVersion", "14");
        assertThat(failure(context)).isEqualTo("environments.staging-cluster.database.engineVersion '14' needs the minor"
                + " version for kind multi-az-cluster: use 14.8 or later (logical replication on a Multi-AZ DB cluster"
                + " needs 14.8+, 15.3+ or 16+)");
        section(context, "staging-cluster", "database").put("engineVersion", "14.18");
        assertThat(parse(context).database().engineVersion()).isEqualTo("14.18");
    }

    @Test
    void aNewMultiAzClusterNeedsTheMinorVersionAnExistingOneNot() {
        Map<String, Object> context = context("staging-cluster");
        Map<String, Object> db = section(context, "staging-cluster", "database");
        db.put("engineVersion", "16");
        assertThat(failure(context)).isEqualTo("environments.staging-cluster.database.engineVersion '16' needs the minor"
                + " version for a new multi-az-cluster (CloudFormation's AWS::RDS::DBCluster takes full versions only):"
                + " use one the region offers, e.g. 16.9 or later (aws rds describe-db-engine-versions, docs/deploy.md)");
        db.put("existing", new java.util.LinkedHashMap<>(Map.of(
                "clusterIdentifier", "app", "endpoint", "app.cluster-abc.eu-west-1.rds.amazonaws.com",
                "securityGroupId", "sg-0123456789abcdef0",
                "masterSecretArn", "arn:aws:secretsmanager:eu-west-1:333333333333:secret:app-master-AbCdEf")));
        assertThat(parse(context).database().engineMajorVersion()).isEqualTo("16");
    }

    @Test
    void aMajorAloneIsAcceptedForAnInstanceAKnownDeprecatedMinorIsRefused() {
        Map<String, Object> context = context("dev");
        Map<String, Object> db = section(context, "dev", "database");
        db.put("engineVersion", "16");
        assertThat(parse(context).database().engineVersion()).isEqualTo("16");
        db.put("engineVersion", "16.4");
        assertThat(failure(context)).isEqualTo("environments.dev.database.engineVersion '16.4' can no longer be created"
                + " on RDS (minors before 16.9 are past their end of standard support): use 16 (RDS picks the minor; a"
                + " multi-az-cluster needs one: 16.9 or later) and check the region's offer with aws rds"
                + " describe-db-engine-versions (docs/deploy.md, Engine versions)");
        db.put("engineVersion", "17.4");
        assertThat(failure(context)).contains("'17.4' can no longer be created on RDS (minors before 17.5");
        db.put("engineVersion", "17.5");
        assertThat(parse(context).database().engineVersion()).isEqualTo("17.5");
        Map<String, Object> staging = context("staging-cluster");
        section(staging, "staging-cluster", "database").put("engineVersion", "16.8");
        assertThat(failure(staging)).contains("'16.8' can no longer be created on RDS");
    }

    @Test
    void auroraNeedsTheFullVersion() {
        Map<String, Object> context = context("aurora");
        section(context, "aurora", "database").put("engineVersion", "16");
        assertThat(failure(context)).isEqualTo("environments.aurora.database.engineVersion '16' needs the minor version"
                + " for kind aurora: use a full Aurora PostgreSQL version like 16.6");
    }

    @Test
    void rejectsAMultiAzClusterOnAClassWithoutLocalStorage() {
        Map<String, Object> context = context("staging-cluster");
        section(context, "staging-cluster", "database").put("instanceClass", "t4g.micro");
        assertThat(failure(context)).isEqualTo("environments.staging-cluster.database.instanceClass 't4g.micro' is not"
                + " available for a Multi-AZ DB cluster: use a class with local NVMe storage such as m6gd.large,"
                + " r6gd.large or c6gd.large");
    }

    @Test
    void rejectsAnAuroraClassThatIsTooSmall() {
        Map<String, Object> context = context("aurora");
        section(context, "aurora", "database").put("instanceClass", "t4g.micro");
        assertThat(failure(context)).isEqualTo("environments.aurora.database.instanceClass 't4g.micro' is not available"
                + " for Aurora PostgreSQL: use t4g.medium or larger, an r or x class, or serverless");
    }

    @Test
    void rejectsStorageSettingsOnAurora() {
        Map<String, Object> context = context("aurora");
        section(context, "aurora", "database").put("allocatedStorageGiB", 100);
        assertThat(failure(context)).isEqualTo(
                "environments.aurora.database.allocatedStorageGiB is not used by kind aurora: remove it (Aurora storage grows by itself)");
    }

    @Test
    void rejectsMoreIopsThanIo1AllowsForItsSize() {
        Map<String, Object> context = context("staging-cluster");
        section(context, "staging-cluster", "database").put("iops", 10000);
        assertThat(failure(context)).isEqualTo("environments.staging-cluster.database.iops 10000 is more than 50 per GiB"
                + " of io1 (100 GiB): use at most 5000 or raise allocatedStorageGiB");
    }

    @Test
    void rejectsGp3IopsBelow400GiB() {
        Map<String, Object> context = context("staging-cluster");
        Map<String, Object> db = section(context, "staging-cluster", "database");
        db.put("storageType", "gp3");
        db.put("iops", 12000);
        assertThat(failure(context)).isEqualTo("environments.staging-cluster.database.iops needs allocatedStorageGiB >= 400"
                + " with gp3 (below that RDS gives a fixed 3000): remove iops or raise allocatedStorageGiB");
    }

    @Test
    void aMultiAzClusterNeedsThreeZones() {
        Map<String, Object> context = context("staging-cluster");
        section(context, "staging-cluster", null).put("availabilityZones", java.util.List.of("eu-west-1a", "eu-west-1b"));
        assertThat(failure(context)).isEqualTo("environments.staging-cluster.database.kind multi-az-cluster needs 3"
                + " availability zones, the environment has 2: add a third zone to availabilityZones (and subnetIds)");
    }

    @Test
    void anExistingClusterIsNamedByClusterIdentifier() {
        Map<String, Object> context = context("aurora");
        section(context, "aurora", "database").put("existing", Map.of(
                "instanceIdentifier", "app-writer", "endpoint", "app.cluster-abc.eu-west-1.rds.amazonaws.com",
                "securityGroupId", "sg-0123456789abcdef0",
                "masterSecretArn", "arn:aws:secretsmanager:eu-west-1:333333333333:secret:app-master-AbCdEf"));
        assertThat(failure(context)).isEqualTo(
                "environments.aurora.database.existing.instanceIdentifier does not fit kind aurora: use clusterIdentifier");
    }

    @Test
    void multiAzIsForInstancesOnly() {
        Map<String, Object> context = context("staging-cluster");
        section(context, "staging-cluster", "database").put("multiAz", true);
        assertThat(failure(context)).isEqualTo("environments.staging-cluster.database.multiAz applies to kind instance only:"
                + " a multi-az-cluster always has two standbys; for aurora set readers");
    }

    @Test
    void dmsVerifiesTheServerOnlyWithAnImportedCaCertificate() {
        Map<String, Object> context = context("prod");
        assertThat(parse(context).dms().sslMode()).isEqualTo("require");
        section(context, "prod", "dms").put("caCertificateArn", "arn:aws:dms:eu-west-1:222222222222:cert:RDSGLOBALBUNDLE");
        assertThat(parse(context).dms().sslMode()).isEqualTo("verify-full");
        section(context, "prod", "dms").put("caCertificateArn", "rds-global-bundle");
        assertThat(failure(context)).startsWith("environments.prod.dms.caCertificateArn 'rds-global-bundle' is not valid: use the ARN of a DMS certificate");
    }

    @Test
    void modeOnTheCommandLineOverridesTheEnvironment() {
        Map<String, Object> context = context("dev");
        context.put("mode", "dms");
        assertThat(parse(context).mode()).isEqualTo(Mode.DMS);
        assertThat(parse(context).slotName()).isEqualTo("slot2kinesis_dms");
    }

    @Test
    void dmsModeNeedsSomethingToCreateDmsVpcRoleInTheAccount() {
        Map<String, Object> context = context("prod");
        section(context, "prod", "dms").put("createAccountRoles", false);
        assertThat(failure(context)).isEqualTo("environments.prod.dms.createAccountRoles is false and no environment of"
                + " account 222222222222 creates dms-vpc-role, which DMS needs: set it to true (one environment per account),"
                + " or set dms.accountRolesExist to true if the account already has dms-vpc-role and dms-cloudwatch-logs-role");
        section(context, "prod", "dms").put("accountRolesExist", true);
        assertThat(parse(context).dms().accountRolesExist()).isTrue();
        Map<String, Object> aurora = context("aurora");
        aurora.put("mode", "dms");
        assertThat(parse(aurora).dms().createAccountRoles()).isFalse(); // staging-cluster, same account, creates them
    }

    @Test
    void dmsModeRefusesAPostgreSql18Source() {
        Map<String, Object> context = context("dev");
        context.put("mode", "dms");
        section(context, "dev", "database").put("engineVersion", "18");
        assertThat(failure(context)).isEqualTo("environments.dev.database.engineVersion '18' is not a DMS source: DMS reads"
                + " PostgreSQL up to 17; use 17 or mode worker");
        context.put("mode", "worker");
        assertThat(parse(context).database().engineVersion()).isEqualTo("18");
    }

    @Test
    void rejectsAnUnknownEnvironmentNamingTheDefinedOnes() {
        assertThat(failure(context("staging")))
                .isEqualTo("env 'staging' is not defined in cdk.json: use one of aurora, dev, prod, staging-cluster");
    }

    @Test
    void rejectsAPublicationNameWhoseInsertOnlyCompanionPostgresWouldTruncate() {
        Map<String, Object> context = context("dev");
        section(context, "dev", "replication").put("publication", "p".repeat(52));
        assertThat(failure(context)).isEqualTo("environments.dev.replication.publication '" + "p".repeat(52)
                + "' is too long: slot2kinesis also creates publication '" + "p".repeat(52) + "_insert_only' (64 bytes)"
                + " and PostgreSQL keeps 63 bytes of a name; use at most 51 characters");
        section(context, "dev", "replication").put("publication", "p".repeat(51));
        assertThat(parse(context).replication().publication()).isEqualTo("p".repeat(51));
    }

    @Test
    void rejectsAnUnknownDmsReplicationType() {
        Map<String, Object> context = context("dev");
        section(context, "dev", "dms").put("replicationType", "full-load");
        assertThat(failure(context)).isEqualTo(
                "environments.dev.dms.replicationType 'full-load' is not supported: use cdc or full-load-and-cdc");
    }

    @Test
    void rejectsABadModeFromTheCommandLine() {
        Map<String, Object> context = context("dev");
        context.put("mode", "kafka");
        assertThat(failure(context)).isEqualTo("mode 'kafka' is not supported: use dms or worker");
    }

    @Test
    void rejectsABadModeInCdkJson() {
        Map<String, Object> context = context("dev");
        section(context, "dev", null).put("mode", "both");
        assertThat(failure(context)).isEqualTo("environments.dev.mode 'both' is not supported: use dms or worker");
    }

    @Test
    void rejectsARecordSizeKinesisCannotHold() {
        Map<String, Object> context = context("prod");
        section(context, "prod", "stream").put("maxRecordSizeKiB", 20480);
        assertThat(failure(context))
                .isEqualTo("environments.prod.stream.maxRecordSizeKiB 20480 is out of range: use 1024..10240");
    }

    @Test
    void rejectsAMissingAccount() {
        Map<String, Object> context = context("dev");
        section(context, "dev", null).remove("account");
        assertThat(failure(context)).isEqualTo("environments.dev.account is required: use a 12-digit AWS account id");
    }

    @Test
    void rejectsAMissingDatabaseName() {
        Map<String, Object> context = context("dev");
        section(context, "dev", "database").remove("databaseName");
        assertThat(failure(context))
                .isEqualTo("environments.dev.database.databaseName is required: use a lowercase PostgreSQL identifier");
    }

    @Test
    void rejectsAWalSenderTimeoutDmsCannotUse() {
        Map<String, Object> context = context("dev");
        section(context, "dev", "database").put("walSenderTimeoutMs", 5000);
        assertThat(failure(context))
                .isEqualTo("environments.dev.database.walSenderTimeoutMs 5000 is not valid for DMS: use 0 or 10000..3600000");
    }

    @Test
    void rejectsAFargateSizeThatDoesNotExist() {
        Map<String, Object> context = context("dev");
        section(context, "dev", "worker").put("memoryMiB", 8192);
        assertThat(failure(context))
                .isEqualTo("environments.dev.worker.memoryMiB 8192 does not fit cpu 512: use 1024..4096 in steps of 1024");
    }

    @Test
    void rejectsADmsCapacityThatDoesNotExist() {
        Map<String, Object> context = context("prod");
        section(context, "prod", "dms").put("maxCapacityUnits", 3);
        assertThat(failure(context)).isEqualTo("environments.prod.dms.maxCapacityUnits 3 is not a DMS capacity:"
                + " use 1, 2, 4, 8, 16, 32, 64, 128, 192, 256 or 384");
    }

    @Test
    void rejectsProvisionedCapacityWithoutShards() {
        Map<String, Object> context = context("prod");
        section(context, "prod", "stream").remove("shards");
        assertThat(failure(context)).isEqualTo("environments.prod.stream.shards is required: use 1..500");
    }

    @Test
    void anExistingVpcNeedsOneSubnetPerZone() {
        Map<String, Object> context = context("prod");
        Map<String, Object> network = section(context, "prod", "network");
        network.put("vpcId", "vpc-0123456789abcdef0");
        network.put("subnetIds", java.util.List.of("subnet-0123456789abcdef0"));
        assertThat(failure(context)).isEqualTo("environments.prod.network.subnetIds has 1 entries:"
                + " use one private subnet id per availability zone (3)");
    }

    @Test
    void everyMessageIsOneLine() {
        Map<String, Object> context = context("dev");
        section(context, "dev", "stream").put("retentionHours", "a day");
        assertThat(failure(context))
                .isEqualTo("environments.dev.stream.retentionHours 'a day' is not a whole number")
                .doesNotContain("\n");
    }
}
