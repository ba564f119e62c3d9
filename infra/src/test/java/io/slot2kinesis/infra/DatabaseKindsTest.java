package io.slot2kinesis.infra;

import static org.assertj.core.api.Assertions.assertThat;


import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * What differs per database kind, in both modes: staging-cluster is an RDS Multi-AZ DB cluster, aurora
 * an Aurora PostgreSQL cluster (Serverless v2), dev an RDS DB instance.
 */
class DatabaseKindsTest {

    private static Template main(String env, String mode) {
        return TestApps.build(env, mode).main();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(Template template, String type) {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type);
    }

    private static String onlyId(Template template, String type) {
        Map<String, Map<String, Object>> found = resources(template, type);
        assertThat(found).hasSize(1);
        return found.keySet().iterator().next();
    }

    /** The writer endpoint of the cluster, or the instance endpoint: what every client must connect to. */
    private static Map<String, Object> writerEndpoint(String env, String mode) {
        Template template = main(env, mode);
        String id = env.equals("dev") ? onlyId(template, "AWS::RDS::DBInstance") : onlyId(template, "AWS::RDS::DBCluster");
        return Map.of("Fn::GetAtt", List.of(id, "Endpoint.Address"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dms", "worker"})
    void multiAzClusterParameterGroupTurnsOnLogicalReplicationForTheWholeCluster(String mode) {
        Template template = main("staging-cluster", mode);
        template.hasResourceProperties("AWS::RDS::DBClusterParameterGroup", Map.of(
                "Family", "postgres16",
                "Description", Match.anyValue(),
                "Parameters", Map.of(
                        "rds.logical_replication", "1",
                        "max_replication_slots", "10",
                        "max_wal_senders", "12",
                        "max_logical_replication_workers", "10",
                        "max_worker_processes", "GREATEST({DBInstanceVCPU*2},18)",
                        "max_slot_wal_keep_size", "20480",
                        "wal_sender_timeout", "60000")));
        template.resourceCountIs("AWS::RDS::DBParameterGroup", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dms", "worker"})
    void multiAzClusterIsPrivateEncryptedOnNvmeClassesAndKeptOnDelete(String mode) {
        Template template = main("staging-cluster", mode);
        String group = onlyId(template, "AWS::RDS::DBClusterParameterGroup");
        template.hasResourceProperties("AWS::RDS::DBCluster", Match.objectLike(Map.of(
                "DBClusterIdentifier", "slot2kinesis-staging-cluster",
                "Engine", "postgres",
                "EngineVersion", "16.11")));
        template.hasResourceProperties("AWS::RDS::DBCluster", Match.objectLike(Map.of(
                "DBClusterInstanceClass", "db.m6gd.large",
                "StorageType", "io1",
                "AllocatedStorage", 100,
                "Iops", 1000,
                "PubliclyAccessible", false,
                "StorageEncrypted", true,
                "DeletionProtection", true,
                "ManageMasterUserPassword", true,
                "DBClusterParameterGroupName", Map.of("Ref", group))));
        template.hasResource("AWS::RDS::DBCluster", Match.objectLike(Map.of("DeletionPolicy", "Snapshot")));
        Map<String, Object> subnetGroup = resources(template, "AWS::RDS::DBSubnetGroup").values().iterator().next();
        assertThat((List<?>) ((Map<?, ?>) subnetGroup.get("Properties")).get("SubnetIds")).hasSize(3);
        template.resourceCountIs("AWS::RDS::DBInstance", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dms", "worker"})
    void auroraClusterParameterGroupTurnsOnLogicalReplication(String mode) {
        Template template = main("aurora", mode);
        template.hasResourceProperties("AWS::RDS::DBClusterParameterGroup", Match.objectLike(Map.of(
                "Family", "aurora-postgresql16",
                "Parameters", Map.of(
                        "rds.logical_replication", "1",
                        "max_replication_slots", "10",
                        "max_wal_senders", "12",
                        "max_logical_replication_workers", "10",
                        "max_worker_processes", "GREATEST({DBInstanceVCPU*2},18)",
                        "wal_sender_timeout", "60000"))));
        template.resourceCountIs("AWS::RDS::DBParameterGroup", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dms", "worker"})
    void auroraClusterIsPrivateEncryptedWithAWriterAndAFailoverReader(String mode) {
        Template template = main("aurora", mode);
        String group = onlyId(template, "AWS::RDS::DBClusterParameterGroup");
        template.hasResourceProperties("AWS::RDS::DBCluster", Match.objectLike(Map.of(
                "DBClusterIdentifier", "slot2kinesis-aurora",
                "Engine", "aurora-postgresql",
                "EngineVersion", "16.6",
                "StorageEncrypted", true,
                "DeletionProtection", false,
                "EnableIAMDatabaseAuthentication", true,
                "ServerlessV2ScalingConfiguration", Map.of("MinCapacity", 1, "MaxCapacity", 8),
                "DBClusterParameterGroupName", Map.of("Ref", group))));
        template.hasResource("AWS::RDS::DBCluster", Match.objectLike(Map.of("DeletionPolicy", "Snapshot")));
        Map<String, Map<String, Object>> instances = resources(template, "AWS::RDS::DBInstance");
        assertThat(instances).hasSize(2);
        for (Map<String, Object> instance : instances.values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> properties = (Map<String, Object>) instance.get("Properties");
            assertThat(properties)
                    .containsEntry("PubliclyAccessible", false)
                    .containsEntry("DBInstanceClass", "db.serverless")
                    .containsEntry("Engine", "aurora-postgresql");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging-cluster", "aurora"})
    void replicationSecretHostIsTheWriterEndpoint(String env) {
        for (String mode : List.of("dms", "worker")) {
            Template template = main(env, mode);
            Map<String, Object> secret = resources(template, "AWS::SecretsManager::Secret").entrySet().stream()
                    .filter(e -> e.getKey().startsWith("ReplicationUserSecret"))
                    .map(Map.Entry::getValue).findFirst().orElseThrow();
            Object template_ = ((Map<?, ?>) ((Map<?, ?>) secret.get("Properties")).get("GenerateSecretString"))
                    .get("SecretStringTemplate");
            assertThat(template_.toString()).contains("\"host\":\"");
            assertThat(((Map<?, ?>) template_).get("Fn::Join").toString()).contains(writerEndpoint(env, mode).toString());
            template.hasResourceProperties("Custom::Slot2KinesisReplicationUser", Match.objectLike(Map.of(
                    "Host", writerEndpoint(env, mode))));
            template.hasOutput("DatabaseEndpoint", Map.of("Value", writerEndpoint(env, mode), "Description", Match.anyValue()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging-cluster", "aurora"})
    void workerConnectsToTheWriterEndpointAndVerifiesItWithTheRdsCa(String env) {
        main(env, "worker").hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Environment", Match.arrayWith(List.of(
                                Map.of("Name", "PGHOST", "Value", writerEndpoint(env, "worker")),
                                Map.of("Name", "PGSSLMODE", "Value", "verify-full"),
                                Map.of("Name", "PGSSLROOTCERT", "Value", "/app/rds-ca/global-bundle.pem")))))))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging-cluster", "aurora"})
    void dmsReadsTheWriterWithTheKindsEngineNameOverTls(String env) {
        main(env, "dms").hasResourceProperties("AWS::DMS::Endpoint", Match.objectLike(Map.of(
                "EndpointType", "source",
                "EngineName", env.equals("aurora") ? "aurora-postgresql" : "postgres",
                "SslMode", "require")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "staging-cluster", "aurora"})
    void outputsNameTheKind(String env) {
        String kind = switch (env) {
            case "dev" -> "instance";
            case "staging-cluster" -> "multi-az-cluster";
            default -> "aurora";
        };
        for (String mode : List.of("dms", "worker")) {
            main(env, mode).hasOutput("DatabaseKind", Match.objectLike(Map.of("Value", kind)));
            main(env, mode).hasOutput("DatabasePort", Match.objectLike(Map.of("Value", "5432")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dms", "worker"})
    void multiAzClusterSlotLagAlarmTakesTheWorstOfItsThreeInstances(String mode) {
        Template template = main("staging-cluster", mode);
        Object thirdInstance = Match.objectLike(Map.of("MetricStat", Match.objectLike(Map.of("Metric", Map.of(
                "Namespace", "AWS/RDS",
                "MetricName", "OldestReplicationSlotLag",
                "Dimensions", List.of(Map.of("Name", "DBInstanceIdentifier",
                        "Value", "slot2kinesis-staging-cluster-instance-3")))))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "slot2kinesis-staging-cluster-SlotLag",
                "Threshold", 5368709120L,
                "Metrics", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Expression", "MAX([i1, i2, i3])")), thirdInstance)))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dms", "worker"})
    void auroraAlarmsFollowTheWriterRoleForSlotLagAndSlotDiskUsage(String mode) {
        Template template = main("aurora", mode);
        for (String metric : List.of("OldestReplicationSlotLag", "ReplicationSlotDiskUsage")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "Namespace", "AWS/RDS",
                    "MetricName", metric,
                    "Dimensions", List.of(
                            Map.of("Name", "DBClusterIdentifier", "Value", Map.of("Ref", onlyId(template, "AWS::RDS::DBCluster"))),
                            Map.of("Name", "Role", "Value", "WRITER")))));
        }
    }

    @org.junit.jupiter.api.Test
    @SuppressWarnings("unchecked")
    void anExistingMultiAzClusterGetsTheClusterParameterGroupAndTheCommandsToAttachIt() {
        Map<String, Object> context = TestApps.cdkJsonContext();
        Map<String, Object> envs = new java.util.LinkedHashMap<>((Map<String, Object>) context.get("environments"));
        Map<String, Object> env = new java.util.LinkedHashMap<>((Map<String, Object>) envs.get("staging-cluster"));
        Map<String, Object> db = new java.util.LinkedHashMap<>((Map<String, Object>) env.get("database"));
        db.put("existing", Map.of(
                "clusterIdentifier", "app-db",
                "endpoint", "app-db.cluster-abc.eu-west-1.rds.amazonaws.com",
                "securityGroupId", "sg-0123456789abcdef0",
                "masterSecretArn", "arn:aws:secretsmanager:eu-west-1:333333333333:secret:app-master-AbCdEf"));
        env.put("database", db);
        envs.put("staging-cluster", env);
        context.put("environments", envs);
        context.put("env", "staging-cluster");
        context.put("mode", "worker");
        software.amazon.awscdk.App app = new software.amazon.awscdk.App(
                software.amazon.awscdk.AppProps.builder().context(context).build());
        App.Stacks stacks = App.build(app);
        Template template = Template.fromStack(stacks.main());
        Template parameters = Template.fromStack(stacks.parameterGroup());

        // phase 1: the group alone, in its own stack, which a failed main stack's rollback leaves in place
        template.resourceCountIs("AWS::RDS::DBCluster", 0);
        template.resourceCountIs("AWS::RDS::DBClusterParameterGroup", 0);
        parameters.hasResourceProperties("AWS::RDS::DBClusterParameterGroup", Match.objectLike(Map.of(
                "Family", "postgres16",
                "Parameters", Match.objectLike(Map.of("rds.logical_replication", "1")))));
        assertThat(parameters.toJSON().get("Resources").toString()).doesNotContain("AWS::RDS::DBCluster\"");
        assertThat(stacks.parameterGroup().getStackName()).isEqualTo("slot2kinesis-staging-cluster-parameters");
        assertThat(stacks.main().getDependencies()).contains(stacks.parameterGroup());
        Map<String, Object> attach = (Map<String, Object>) template.findOutputs("AttachParameterGroup").get("AttachParameterGroup");
        assertThat(attach.toString()).contains(
                "aws rds modify-db-cluster --db-cluster-identifier app-db --db-cluster-parameter-group-name ",
                "Fn::ImportValue", "slot2kinesis-staging-cluster-parameters:",
                " --apply-immediately && aws rds reboot-db-cluster --db-cluster-identifier app-db");
        template.hasOutput("DatabaseEndpoint", Match.objectLike(Map.of(
                "Value", "app-db.cluster-abc.eu-west-1.rds.amazonaws.com")));
        Object pghost = Map.of("Name", "PGHOST", "Value", "app-db.cluster-abc.eu-west-1.rds.amazonaws.com");
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "ContainerDefinitions", List.of(Match.objectLike(Map.of("Environment", Match.arrayWith(List.of(pghost))))))));
    }
}
