package io.slot2kinesis.infra.constructs;

import io.slot2kinesis.infra.config.DmsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.dms.CfnEndpoint;
import software.amazon.awscdk.services.dms.CfnReplicationConfig;
import software.amazon.awscdk.services.dms.CfnReplicationSubnetGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.customresources.Provider;
import software.constructs.Construct;

/**
 * DMS Serverless CDC from the replication slot to the stream: source and Kinesis target endpoints,
 * subnet group, replication config, and two custom resources around the config that give it a full
 * lifecycle: {@code Pause} (updated before the config: stops it) and {@code Run} (after: starts or
 * resumes it and waits for "running"; on delete stops it and waits).
 */
public final class DmsReplication extends Construct {

    public record Props(
            String identifier,
            DmsConfig config,
            ReplicationUser user,
            SourceDatabase database,
            String slotName,
            ChangeStream stream,
            Map<String, Object> tableMappings,
            IVpc vpc,
            SubnetSelection subnets,
            Path controlCodeDirectory,
            String settingsFingerprint) {
    }

    /** Task settings: a before image like the worker's, and logging. */
    static final Map<String, Object> REPLICATION_SETTINGS = Ordered.map(
            "BeforeImageSettings", Ordered.map("EnableBeforeImage", true, "FieldName", "before-image", "ColumnFilter", "all"),
            "Logging", Ordered.map("EnableLogging", true));

    private final CfnReplicationConfig replication;
    private final String identifier;

    public DmsReplication(Construct scope, String id, Props props) {
        super(scope, id);
        identifier = props.identifier();
        Stack stack = Stack.of(this);

        Role secretAccess = Role.Builder.create(this, "SecretAccessRole")
                .description("Lets DMS read the slot2kinesis replication secret")
                .assumedBy(new ServicePrincipal("dms." + stack.getRegion() + ".amazonaws.com"))
                .build();
        props.user().secret().grantRead(secretAccess);
        CfnEndpoint source = CfnEndpoint.Builder.create(this, "Source")
                .endpointType("source")
                .engineName(props.database().kind().dmsEngineName())
                .databaseName(props.database().databaseName())
                .sslMode(props.config().sslMode())
                .certificateArn(props.config().caCertificateArn())
                .postgreSqlSettings(CfnEndpoint.PostgreSqlSettingsProperty.builder()
                        .secretsManagerSecretId(props.user().secret().getSecretArn())
                        .secretsManagerAccessRoleArn(secretAccess.getRoleArn())
                        .slotName(props.slotName())
                        .pluginName("test-decoding")
                        .heartbeatEnable(true)
                        .heartbeatFrequency(5)
                        .captureDdls(false)
                        .build())
                .build();
        source.getNode().addDependency(secretAccess);

        Role streamAccess = Role.Builder.create(this, "StreamAccessRole")
                .description("Lets DMS write to the slot2kinesis stream")
                .assumedBy(new ServicePrincipal("dms.amazonaws.com"))
                .build();
        props.stream().grantWrite(streamAccess);
        CfnEndpoint target = CfnEndpoint.Builder.create(this, "Target")
                .endpointType("target")
                .engineName("kinesis")
                .kinesisSettings(CfnEndpoint.KinesisSettingsProperty.builder()
                        .streamArn(props.stream().stream().getStreamArn())
                        .serviceAccessRoleArn(streamAccess.getRoleArn())
                        .messageFormat("json")
                        .includeTransactionDetails(true)
                        .includePartitionValue(true)
                        .partitionIncludeSchemaTable(true)
                        .includeTableAlterOperations(true)
                        .includeControlDetails(true)
                        .includeNullAndEmpty(true)
                        .noHexPrefix(true)
                        .build())
                .build();
        target.getNode().addDependency(streamAccess);

        CfnReplicationSubnetGroup subnetGroup = CfnReplicationSubnetGroup.Builder.create(this, "SubnetGroup")
                .replicationSubnetGroupDescription("slot2kinesis " + identifier)
                .subnetIds(props.vpc().selectSubnets(props.subnets()).getSubnetIds())
                .build();
        SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(props.vpc())
                .description("slot2kinesis DMS Serverless replication")
                .allowAllOutbound(true)
                .build();
        props.database().allowFrom(securityGroup, "DMS Serverless replication");

        ReplicationControl control = new ReplicationControl(this, "Control", props.controlCodeDirectory(), identifier);
        CustomResource pause = control.resource(this, "Pause", Ordered.map(
                "Action", "pause",
                "ReplicationConfigId", identifier,
                "Fingerprint", props.settingsFingerprint()));

        replication = CfnReplicationConfig.Builder.create(this, "Replication")
                .replicationConfigIdentifier(identifier)
                .resourceIdentifier(identifier)
                .replicationType(props.config().replicationType())
                .sourceEndpointArn(source.getRef())
                .targetEndpointArn(target.getRef())
                .tableMappings(props.tableMappings())
                .replicationSettings(REPLICATION_SETTINGS)
                .computeConfig(CfnReplicationConfig.ComputeConfigProperty.builder()
                        .minCapacityUnits(props.config().minCapacityUnits())
                        .maxCapacityUnits(props.config().maxCapacityUnits())
                        .multiAz(props.config().multiAz())
                        .replicationSubnetGroupId(subnetGroup.getRef())
                        .vpcSecurityGroupIds(List.of(securityGroup.getSecurityGroupId()))
                        .build())
                .build();
        replication.getNode().addDependency(pause);
        replication.getNode().addDependency(props.user().resource());

        CustomResource run = control.resource(this, "Run", Ordered.map(
                "Action", "run",
                "ReplicationConfigId", identifier,
                "ReplicationConfigArn", replication.getRef(),
                "CdcStartPosition", props.user().slotStartLsn(),
                "Fingerprint", props.settingsFingerprint()));
        run.getNode().addDependency(replication);
    }

    public String identifier() {
        return identifier;
    }

    public CfnReplicationConfig replication() {
        return replication;
    }

    /** DMS Serverless CDC latency, per replication config. */
    public Metric cdcLatency(String metricName) {
        return Metric.Builder.create()
                .namespace("AWS/DMS")
                .metricName(metricName)
                .dimensionsMap(Map.of("ReplicationConfigId", identifier))
                .statistic("Maximum")
                .period(Duration.minutes(5))
                .build();
    }

    /** The Node.js Lambda (AWS SDK v3 from the runtime) and the provider that drive Pause and Run. */
    private static final class ReplicationControl extends Construct {
        private final Provider provider;

        ReplicationControl(Construct scope, String id, Path codeDirectory, String identifier) {
            super(scope, id);
            Stack stack = Stack.of(this);
            String configArns = "arn:" + stack.getPartition() + ":dms:" + stack.getRegion() + ":" + stack.getAccount()
                    + ":replication-config:*";
            Function onEvent = function("OnEvent", "index.onEvent", codeDirectory, Duration.minutes(2));
            Function isComplete = function("IsComplete", "index.isComplete", codeDirectory, Duration.minutes(2));
            for (Function fn : List.of(onEvent, isComplete)) {
                fn.addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("dms:DescribeReplications"))
                        .resources(List.of("*"))
                        .build());
                fn.addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("dms:StartReplication", "dms:StopReplication"))
                        .resources(List.of(configArns))
                        .build());
            }
            provider = Provider.Builder.create(this, "Provider")
                    .onEventHandler(onEvent)
                    .isCompleteHandler(isComplete)
                    .queryInterval(Duration.seconds(30))
                    .totalTimeout(Duration.minutes(55))
                    .logGroup(LogGroup.Builder.create(this, "ProviderLogs").retention(RetentionDays.ONE_MONTH).build())
                    .build();
        }

        private Function function(String id, String handler, Path codeDirectory, Duration timeout) {
            return Function.Builder.create(this, id)
                    .description("Starts, stops and waits for the slot2kinesis DMS Serverless replication")
                    .runtime(Runtime.NODEJS_24_X)
                    .handler(handler)
                    .code(Code.fromAsset(codeDirectory.toString()))
                    .timeout(timeout)
                    .logGroup(LogGroup.Builder.create(this, id + "Logs").retention(RetentionDays.ONE_MONTH).build())
                    .build();
        }

        CustomResource resource(Construct scope, String id, Map<String, Object> properties) {
            return CustomResource.Builder.create(scope, id)
                    .serviceToken(provider.getServiceToken())
                    .resourceType("Custom::Slot2KinesisDmsReplication")
                    .properties(properties)
                    .serviceTimeout(Duration.minutes(60))
                    .build();
        }
    }
}
