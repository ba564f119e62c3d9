package io.slot2kinesis.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.infra.config.DeploymentConfig;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** Intent per resource, for every shipped environment in both modes. */
class EnvironmentStacksTest {

    /** Every environment cdk.json ships, in both modes. */
    static Stream<Arguments> everyEnvironmentAndMode() {
        return Stream.of(ENVIRONMENTS).flatMap(env -> Stream.of(Arguments.of(env, "dms"), Arguments.of(env, "worker")));
    }

    /** The environments whose source is an RDS DB instance (dev, prod). */
    static Stream<Arguments> instanceEnvironmentsAndModes() {
        return everyEnvironmentAndMode().filter(args -> List.of("dev", "prod").contains(args.get()[0]));
    }

    static final String[] ENVIRONMENTS = {"dev", "prod", "staging-cluster", "aurora"};

    private static DeploymentConfig config(String env) {
        return TestApps.build(env, "dms").stacks().config();
    }

    private static Template main(String env, String mode) {
        return TestApps.build(env, mode).main();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resources(Template template, String type) {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type);
    }

    @ParameterizedTest
    @MethodSource("instanceEnvironmentsAndModes")
    void parameterGroupTurnsOnLogicalReplicationWithBoundedWal(String env, String mode) {
        main(env, mode).hasResourceProperties("AWS::RDS::DBParameterGroup", Map.of(
                "Family", "postgres17",
                "Parameters", Match.objectLike(Map.of(
                        "rds.logical_replication", "1",
                        "max_replication_slots", "10",
                        "max_wal_senders", "12",
                        "max_logical_replication_workers", "10",
                        "max_worker_processes", "GREATEST({DBInstanceVCPU*2},18)",
                        "wal_sender_timeout", "60000",
                        "max_slot_wal_keep_size", env.equals("dev") ? "5120" : "51200"))));
    }

    @ParameterizedTest
    @MethodSource("instanceEnvironmentsAndModes")
    void databaseIsPrivateEncryptedAndUsesTheParameterGroup(String env, String mode) {
        boolean prod = env.equals("prod");
        main(env, mode).hasResourceProperties("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "DBInstanceIdentifier", "slot2kinesis-" + env,
                "PubliclyAccessible", false,
                "StorageEncrypted", true,
                "MultiAZ", prod,
                "DeletionProtection", prod,
                "DBParameterGroupName", Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("DatabaseParameters.*"))))));
        main(env, mode).hasResource("AWS::RDS::DBInstance", Match.objectLike(Map.of(
                "DeletionPolicy", prod ? "Snapshot" : "Delete")));
        main(env, mode).resourcePropertiesCountIs("AWS::EC2::SecurityGroupIngress",
                Match.objectLike(Map.of("CidrIp", "0.0.0.0/0")), 0);
    }

    @ParameterizedTest
    @MethodSource("everyEnvironmentAndMode")
    void networkHasNoInternetRouteAndTheEndpointsTheCaptureNeeds(String env, String mode) {
        Template template = main(env, mode);
        template.resourceCountIs("AWS::EC2::NatGateway", 0);
        template.resourceCountIs("AWS::EC2::InternetGateway", 0);
        List<String> services = resources(template, "AWS::EC2::VPCEndpoint").values().stream()
                .map(r -> ((Map<?, ?>) r.get("Properties")).get("ServiceName").toString())
                .toList();
        assertThat(String.join(" ", services))
                .contains("kinesis-streams", "secretsmanager", ".logs", "ecr.api", "ecr.dkr", "s3");
        template.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of(
                "VpcEndpointType", "Gateway",
                "ServiceName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                        Match.arrayWith(List.of(Match.stringLikeRegexp(".*s3.*")))))))));
    }

    @ParameterizedTest
    @MethodSource("everyEnvironmentAndMode")
    void streamIsEncryptedAndSizedPerEnvironment(String env, String mode) {
        Template template = main(env, mode);
        if (!env.equals("prod")) {
            template.hasResourceProperties("AWS::Kinesis::Stream", Map.of(
                    "Name", "slot2kinesis-" + env,
                    "StreamModeDetails", Map.of("StreamMode", "ON_DEMAND"),
                    "StreamEncryption", Map.of("EncryptionType", "KMS", "KeyId", "alias/aws/kinesis"),
                    "RetentionPeriodHours", env.equals("staging-cluster") ? 48 : 24,
                    "MaxRecordSizeInKiB", 1024));
            // dev's worker puts records too large for the stream in a bucket with its own key (worker.oversize s3)
            template.resourceCountIs("AWS::KMS::Key", env.equals("dev") && mode.equals("worker") ? 1 : 0);
        } else {
            template.hasResourceProperties("AWS::Kinesis::Stream", Map.of(
                    "StreamModeDetails", Map.of("StreamMode", "PROVISIONED"),
                    "ShardCount", 4,
                    "StreamEncryption", Map.of("EncryptionType", "KMS",
                            "KeyId", Map.of("Fn::GetAtt", List.of(keyId(template), "Arn"))),
                    "RetentionPeriodHours", 168,
                    "MaxRecordSizeInKiB", 10240));
            template.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
        }
    }

    @ParameterizedTest
    @MethodSource("everyEnvironmentAndMode")
    void replicationUserResourceCreatesTheModesSlotFromAVpcLambda(String env, String mode) {
        Template template = main(env, mode);
        template.hasResourceProperties("Custom::Slot2KinesisReplicationUser", Match.objectLike(Map.of(
                // DMS Serverless creates and owns its slot: none is made for it
                "Slot", mode.equals("dms") ? "" : "slot2kinesis_worker",
                "SlotPlugin", mode.equals("dms") ? "" : "pgoutput",
                "HeartbeatSchema", mode.equals("dms") ? "slot2kinesis_dms" : "",
                "Publication", mode.equals("worker") ? "slot2kinesis" : "",
                "OwnedSlots", List.of("slot2kinesis_dms", "slot2kinesis_worker"),
                "DropOnDelete", Boolean.toString(config(env).replication().dropOnDelete()),
                "Selections", "[{\"action\":\"include\",\"schemaPattern\":\"public\",\"tablePattern\":\"%\"}]")));
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "io.slot2kinesis.customresource.ReplicationUserHandler::handleRequest",
                "VpcConfig", Match.objectLike(Map.of("SubnetIds", Match.anyValue())))));
        template.hasResourceProperties("AWS::SecretsManager::Secret", Match.objectLike(Map.of(
                "Name", "slot2kinesis-" + env + "/replication",
                "GenerateSecretString", Match.objectLike(Map.of("GenerateStringKey", "password")))));
    }

    @ParameterizedTest
    @MethodSource("everyEnvironmentAndMode")
    void noSecretValueAppearsInTheTemplate(String env, String mode) {
        String json = main(env, mode).toJSON().toString();
        assertThat(json).doesNotContain("SecretString\"", "PGPASSWORD=", "MasterUserPassword\":\"");
    }

    @ParameterizedTest
    @MethodSource("everyEnvironmentAndMode")
    void outputsWhatTheIntegrationTestsRead(String env, String mode) {
        Map<String, ?> outputs = main(env, mode).findOutputs("*");
        assertThat(outputs).containsKeys("Mode", "DatabaseKind", "StreamName", "StreamArn", "DatabaseEndpoint", "DatabasePort",
                "ReplicationSecretArn", "SlotName", "Publication", "DatabaseAccess", "ParameterGroupName");
        main(env, mode).hasOutput("SlotName", Map.of("Value",
                mode.equals("dms") ? "created and named by DMS (plugin test_decoding)" : "slot2kinesis_worker"));
        main(env, mode).hasOutput("Mode", Map.of("Value", mode));
        if (mode.equals("dms")) {
            // the README's table reload command takes it
            main(env, mode).hasOutput("ReplicationConfigArn", Match.objectLike(Map.of(
                    "Value", Map.of("Ref", Match.stringLikeRegexp("DmsReplication.*")))));
        } else {
            assertThat(outputs).doesNotContainKey("ReplicationConfigArn");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "staging-cluster", "aurora"})
    void dmsModeReadsItsSlotAndWritesTheWorkersRecordShape(String env) {
        Template template = main(env, "dms");
        template.hasResourceProperties("AWS::DMS::Endpoint", Match.objectLike(Map.of(
                "EndpointType", "source",
                "EngineName", env.equals("aurora") ? "aurora-postgresql" : "postgres",
                "SslMode", "require",
                "PostgreSqlSettings", Match.objectLike(Map.of(
                        "SlotName", Match.absent(),
                        "PluginName", "test-decoding",
                        "HeartbeatSchema", "slot2kinesis_dms",
                        "CaptureDdls", false,
                        "HeartbeatEnable", true,
                        "SecretsManagerSecretId", Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("ReplicationUserSecret.*"))),
                        "SecretsManagerAccessRoleArn", Match.anyValue())))));
        template.hasResourceProperties("AWS::DMS::Endpoint", Match.objectLike(Map.of(
                "EndpointType", "target",
                "EngineName", "kinesis",
                "KinesisSettings", Match.objectLike(Map.of(
                        "MessageFormat", "json",
                        "IncludeTransactionDetails", true,
                        "IncludePartitionValue", true,
                        "PartitionIncludeSchemaTable", true,
                        "IncludeTableAlterOperations", true,
                        "IncludeControlDetails", true)))));
        template.hasResourceProperties("AWS::DMS::ReplicationConfig", Match.objectLike(Map.of(
                "ReplicationConfigIdentifier", "slot2kinesis-" + env,
                "ReplicationType", env.equals("staging-cluster") ? "full-load-and-cdc" : "cdc",
                "TableMappings", Match.objectLike(Map.of("rules", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("rule-action", "include")))))),
                "ReplicationSettings", Match.objectLike(Map.of("BeforeImageSettings",
                        Map.of("EnableBeforeImage", true, "FieldName", "before-image", "ColumnFilter", "all"),
                        "ErrorBehavior", Map.of("FailOnNoTablesCaptured", false))),
                "ComputeConfig", Match.objectLike(Map.of(
                        "ReplicationSubnetGroupId", Match.anyValue(),
                        "VpcSecurityGroupIds", Match.anyValue())))));
        template.resourceCountIs("AWS::ECS::Service", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "staging-cluster", "aurora"})
    void dmsIsStoppedBeforeAndResumedAfterEveryConfigChange(String env) {
        Template template = main(env, "dms");
        Map<String, Map<String, Object>> controls = resources(template, "Custom::Slot2KinesisDmsReplication");
        String pause = only(controls, "Pause");
        String run = only(controls, "Run");
        String config = resources(template, "AWS::DMS::ReplicationConfig").keySet().iterator().next();
        assertThat(dependsOn(template, config)).contains((Object) pause);
        assertThat(dependsOn(template, run)).contains((Object) config);
        String running = only(controls, "Running");
        assertThat(dependsOn(template, running)).contains((Object) run);
        Map<?, ?> runProps = (Map<?, ?>) controls.get(run).get("Properties");
        Map<?, ?> pauseProps = (Map<?, ?>) controls.get(pause).get("Properties");
        assertThat(runProps.get("Action")).isEqualTo("run");
        assertThat(pauseProps.get("Action")).isEqualTo("pause");
        assertThat(runProps.get("Fingerprint")).isEqualTo(pauseProps.get("Fingerprint"));
        assertThat(runProps.containsKey("CdcStartPosition")).isFalse();
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "io.slot2kinesis.customresource.DmsReplicationControlHandler::isComplete", "Runtime", "java25")));
        // Start/Stop only on this replication config; the policy is attached before Run acts
        String startStop = resources(template, "AWS::IAM::Policy").keySet().stream()
                .filter(id -> id.startsWith("DmsControlStartStop")).findFirst().orElseThrow();
        template.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument", Map.of(
                "Statement", List.of(Map.of("Action", List.of("dms:StartReplication", "dms:StopReplication"),
                        "Effect", "Allow", "Resource", Map.of("Ref", config))), "Version", "2012-10-17"))));
        assertThat(dependsOn(template, run)).contains(startStop);
        assertThat(template.toJSON().toString()).doesNotContain("replication-config:*");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "staging-cluster", "aurora"})
    void aModeSwitchCreatesTheNewCaptureBeforeCloudFormationDeletesTheOld(String env) {
        Map<?, ?> dms = (Map<?, ?>) ((Map<?, ?>) main(env, "dms").toJSON()).get("Resources");
        Map<?, ?> worker = (Map<?, ?>) ((Map<?, ?>) main(env, "worker").toJSON()).get("Resources");
        List<Object> dmsCapture = dms.keySet().stream().filter(id -> id.toString().startsWith("Dms")).map(Object.class::cast).toList();
        List<Object> workerCapture = worker.keySet().stream().filter(id -> id.toString().startsWith("Worker")).map(Object.class::cast).toList();
        // each capture's resources exist only in its mode: a switch creates them (update phase) and deletes the
        // other mode's (cleanup phase, after every create succeeded), never replaces one with the other in place
        assertThat(dmsCapture).isNotEmpty().noneMatch(worker::containsKey);
        assertThat(workerCapture).isNotEmpty().noneMatch(dms::containsKey);
        // the replication user is one resource in both modes: updated in place, never deleted by a switch
        List<Object> users = dms.keySet().stream().filter(id -> ((Map<?, ?>) dms.get(id)).get("Type")
                .equals("Custom::Slot2KinesisReplicationUser")).map(Object.class::cast).toList();
        assertThat(users).hasSize(1).allMatch(worker::containsKey);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "staging-cluster", "aurora"})
    void workerRunsExactlyOneTaskAndNeverTwoAtOnce(String env) {
        Template template = main(env, "worker");
        template.hasResourceProperties("AWS::ECS::Service", Match.objectLike(Map.of(
                "DesiredCount", 1,
                "LaunchType", "FARGATE",
                "DeploymentConfiguration", Match.objectLike(Map.of(
                        "MinimumHealthyPercent", 0,
                        "MaximumPercent", 100,
                        "DeploymentCircuitBreaker", Map.of("Enable", true, "Rollback", true))),
                "NetworkConfiguration", Map.of("AwsvpcConfiguration", Match.objectLike(Map.of("AssignPublicIp", "DISABLED"))))));
        template.resourceCountIs("AWS::DMS::ReplicationConfig", 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "staging-cluster", "aurora"})
    void workerGetsItsLoginFromSecretsManagerAndStopsGracefully(String env) {
        Template template = main(env, "worker");
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Command", List.of("run"),
                        "StopTimeout", 45,
                        "Environment", Match.arrayWith(List.of(
                                Map.of("Name", "PGSSLMODE", "Value", "verify-full"),
                                Map.of("Name", "PGSSLROOTCERT", "Value", "/app/rds-ca/global-bundle.pem"),
                                Map.of("Name", "S2K_SLOT", "Value", "slot2kinesis_worker"),
                                Map.of("Name", "S2K_PUBLICATION", "Value", "slot2kinesis"),
                                Map.of("Name", "S2K_TABLE_MAPPINGS", "Value", "/app/dms-mappings/table-mappings.json"))),
                        "Secrets", Match.arrayWith(List.of(Match.objectLike(Map.of(
                                "Name", "PGPASSWORD",
                                "ValueFrom", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                                        Match.arrayWith(List.of(":password::")))))))))),
                        "Image", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(
                                Match.stringLikeRegexp(".*slot2kinesis-" + env + "-worker:"), Map.of("Ref", "WorkerImageTag")))))))))))));
        template.hasResourceProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", config(env).worker().logRetentionDays()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "staging-cluster", "aurora"})
    void workerTaskRoleReachesOnlyThisStreamAndItsKey(String env) {
        Template template = main(env, "worker");
        Map<String, Map<String, Object>> policies = resources(template, "AWS::IAM::Policy");
        Map<String, Object> taskPolicy = policies.entrySet().stream()
                .filter(e -> e.getKey().startsWith("WorkerTaskTaskRoleDefaultPolicy"))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        String streamId = resources(template, "AWS::Kinesis::Stream").keySet().iterator().next();
        List<?> statements = (List<?>) ((Map<?, ?>) ((Map<?, ?>) taskPolicy.get("Properties")).get("PolicyDocument")).get("Statement");
        for (Object statement : statements) {
            Map<?, ?> s = (Map<?, ?>) statement;
            Object resource = s.get("Resource");
            assertThat(resource).isNotEqualTo("*");
            if (s.get("Action").toString().contains("kinesis:")) {
                assertThat(resource).isEqualTo(Map.of("Fn::GetAtt", List.of(streamId, "Arn")));
            } else if (s.get("Action").toString().startsWith("s3:")) {
                // dev: worker.oversize s3 (the grants themselves: LargeRecordBucketTest)
                assertThat(resource.toString()).contains("LargeRecordsBucket");
            } else {
                assertThat(s.get("Action")).isEqualTo("kms:GenerateDataKey");
                assertThat(resource).isEqualTo(Map.of("Fn::GetAtt", List.of(keyId(template), "Arn")));
            }
        }
        // prod: the stream's key; dev: s3:PutObject, s3:ListBucket and the large-record bucket's key
        assertThat(statements).hasSize(env.equals("prod") ? 2 : env.equals("dev") ? 4 : 1);
        String executionPolicy = template.toJSON().toString();
        assertThat(executionPolicy).contains("secretsmanager:GetSecretValue");
    }

    @ParameterizedTest
    @MethodSource("everyEnvironmentAndMode")
    void alarmsWatchSlotLagThrottlingAndTheCapture(String env, String mode) {
        Template template = main(env, mode);
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "AlarmName", "slot2kinesis-" + env + "-SlotLag")));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "WriteProvisionedThroughputExceeded")));
        if (mode.equals("dms")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("MetricName", "CDCLatencySource")));
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("MetricName", "CDCLatencyTarget")));
        } else {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "MetricName", "RunningTaskCount", "ComparisonOperator", "LessThanThreshold", "Threshold", 1)));
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "MetricName", "SlotLagBytes", "Namespace", "slot2kinesis")));
        }
        template.resourceCountIs("AWS::SNS::Topic", env.equals("prod") ? 1 : 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "staging-cluster", "aurora"})
    void dmsAccountRolesAreAStackOfTheirOwnWhereTheEnvironmentAsks(String env) {
        App.Stacks stacks = TestApps.build(env, "dms").stacks();
        if (config(env).dms().createAccountRoles()) {
            Template roles = Template.fromStack(stacks.dmsAccountRoles());
            roles.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("RoleName", "dms-vpc-role")));
            roles.hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of("RoleName", "dms-cloudwatch-logs-role")));
            assertThat(stacks.main().getDependencies()).contains(stacks.dmsAccountRoles());
        } else {
            assertThat(stacks.dmsAccountRoles()).isNull();
        }
        assertThat(stacks.main().getDependencies()).contains(stacks.workerImages());
    }

    private static String keyId(Template template) {
        return resources(template, "AWS::KMS::Key").keySet().iterator().next();
    }

    private static String only(Map<String, Map<String, Object>> resources, String prefix) {
        List<String> ids = resources.keySet().stream().filter(id -> id.matches("Dms" + prefix + "[0-9A-F]{8}")).toList();
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    private static List<Object> dependsOn(Template template, String logicalId) {
        Map<?, ?> resource = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) template.toJSON()).get("Resources")).get(logicalId);
        Object deps = resource.get("DependsOn");
        return deps instanceof List<?> list ? List.copyOf(list) : deps == null ? List.of() : List.of(deps);
    }
}
