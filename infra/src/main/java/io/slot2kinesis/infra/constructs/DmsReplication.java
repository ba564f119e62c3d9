package io.slot2kinesis.infra.constructs;

import io.slot2kinesis.infra.config.DmsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IResolveContext;
import software.amazon.awscdk.IStringProducer;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.dms.CfnEndpoint;
import software.amazon.awscdk.services.dms.CfnReplicationConfig;
import software.amazon.awscdk.services.dms.CfnReplicationSubnetGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
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
            ChangeStream stream,
            Map<String, Object> tableMappings,
            IVpc vpc,
            SubnetSelection subnets,
            Path lambdaJar) {
    }

    /**
     * Task settings: a before image like the worker's, logging, and a start that does not fail on a database without
     * the selected tables yet (ErrorBehavior.FailOnNoTablesCaptured defaults to true: "No tables were found at task
     * initialization"; DMS error handling task settings page).
     */
    static final Map<String, Object> REPLICATION_SETTINGS = Ordered.map(
            "BeforeImageSettings", Ordered.map("EnableBeforeImage", true, "FieldName", "before-image", "ColumnFilter", "all"),
            "Logging", Ordered.map("EnableLogging", true),
            "ErrorBehavior", Ordered.map("FailOnNoTablesCaptured", false));

    private final CfnReplicationConfig replication;
    private final CfnEndpoint source;
    private final CfnEndpoint target;
    private final CustomResource running;
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
        source = CfnEndpoint.Builder.create(this, "Source")
                .endpointType("source")
                .engineName(props.database().kind().dmsEngineName())
                .databaseName(props.database().databaseName())
                .sslMode(props.config().sslMode())
                .certificateArn(props.config().caCertificateArn())
                .postgreSqlSettings(CfnEndpoint.PostgreSqlSettingsProperty.builder()
                        .secretsManagerSecretId(props.user().secret().getSecretArn())
                        .secretsManagerAccessRoleArn(secretAccess.getRoleArn())
                        .pluginName("test-decoding")
                        .heartbeatEnable(true)
                        .heartbeatFrequency(5)
                        .heartbeatSchema(ReplicationUser.HEARTBEAT_SCHEMA)
                        // DDL capture needs an event trigger, which only a superuser may create (not on RDS)
                        .captureDdls(false)
                        .build())
                .build();
        source.getNode().addDependency(secretAccess);

        Role streamAccess = Role.Builder.create(this, "StreamAccessRole")
                .description("Lets DMS write to the slot2kinesis stream")
                .assumedBy(new ServicePrincipal("dms.amazonaws.com"))
                .build();
        props.stream().grantWrite(streamAccess);
        target = CfnEndpoint.Builder.create(this, "Target")
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
        // DMS looks dms-vpc-role up when it creates the subnet group, and IAM is eventually consistent: wait at least
        // until the replication user exists (a Lambda in the VPC, minutes after the roles stack was deployed).
        subnetGroup.getNode().addDependency(props.user().resource());
        SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(props.vpc())
                .description("slot2kinesis DMS Serverless replication")
                .allowAllOutbound(true)
                .build();
        props.database().allowFrom(securityGroup, "DMS Serverless replication");

        ReplicationControl control = new ReplicationControl(this, "Control", props.lambdaJar());
        CfnReplicationConfig.Builder config = CfnReplicationConfig.Builder.create(this, "Replication")
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
                        .build());
        replication = config.build();
        String fingerprint = Lazy.uncachedString(new IStringProducer() {
            @Override
            public String produce(IResolveContext context) {
                return fingerprint(context);
            }
        });
        CustomResource pause = control.resource(this, "Pause", Ordered.map(
                "Action", "pause",
                "ReplicationConfigId", identifier,
                "Fingerprint", fingerprint));
        replication.getNode().addDependency(pause);
        replication.getNode().addDependency(props.user().resource());

        Policy startStop = control.allowStartStop(this, replication);
        CustomResource run = control.resource(this, "Run", Ordered.map(
                "Action", "run",
                "ReplicationConfigId", identifier,
                "Fingerprint", fingerprint));
        run.getNode().addDependency(replication, startStop);
        running = control.resource(this, "Running", Ordered.map(
                "Action", "running",
                "ReplicationConfigId", identifier,
                "Fingerprint", fingerprint));
        running.getNode().addDependency(run);
    }

    /**
     * What DMS runs with, as CloudFormation will see it: every property of both endpoints and of the replication config
     * (task settings, table mappings, capacity, replication type), resolved at synth, so any change to them, including
     * one made after construction, makes Pause a new resource that stops the replication first: DMS modifies a
     * Serverless replication only when it is created, stopped or failed (DMS Serverless limitations page). Nothing
     * else (the stream's retention, the alarms, ...) enters it, so nothing else stops the replication.
     */
    private String fingerprint(IResolveContext context) {
        List<Object> properties = java.util.Arrays.asList(
                source.getEngineName(), source.getDatabaseName(), source.getSslMode(), source.getCertificateArn(),
                source.getPostgreSqlSettings(), source.getExtraConnectionAttributes(),
                target.getEngineName(), target.getKinesisSettings(), target.getExtraConnectionAttributes(),
                replication.getReplicationType(), replication.getTableMappings(), replication.getReplicationSettings(),
                replication.getSupplementalSettings(), replication.getComputeConfig(),
                replication.getSourceEndpointArn(), replication.getTargetEndpointArn());
        String settings = String.valueOf(context.resolve(properties));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(settings.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The task settings the replication config is created with. */
    public static Map<String, Object> replicationSettings() {
        return REPLICATION_SETTINGS;
    }

    /** The source (PostgreSQL) endpoint. */
    public CfnEndpoint source() {
        return source;
    }

    /** The target (Kinesis) endpoint. */
    public CfnEndpoint target() {
        return target;
    }

    public String identifier() {
        return identifier;
    }

    /** Done when the replication is running: what a capture switched away from waits for before it goes. */
    public CustomResource running() {
        return running;
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

    /**
     * The Java Lambda (custom-resources jar: {@code DmsReplicationControlHandler}) and the provider that drive Pause,
     * Run and Running. A start of DMS Serverless takes tens of minutes and one custom resource operation at most one
     * hour (CloudFormation ServiceTimeout 1..3600 s): the provider gives up at 58 minutes, Run hands over to Running
     * at 50 ({@code DmsReplicationControl.HAND_OVER}).
     */
    private static final class ReplicationControl extends Construct {
        static final String HANDLER = "io.slot2kinesis.customresource.DmsReplicationControlHandler::";
        private final Provider provider;
        private final List<Function> functions;

        ReplicationControl(Construct scope, String id, Path lambdaJar) {
            super(scope, id);
            Function onEvent = function("OnEvent", "onEvent", lambdaJar);
            Function isComplete = function("IsComplete", "isComplete", lambdaJar);
            functions = List.of(onEvent, isComplete);
            for (Function fn : functions) {
                // DescribeReplications takes no resource (Service Authorization Reference, DMS)
                fn.addToRolePolicy(PolicyStatement.Builder.create()
                        .actions(List.of("dms:DescribeReplications"))
                        .resources(List.of("*"))
                        .build());
            }
            provider = Provider.Builder.create(this, "Provider")
                    .onEventHandler(onEvent)
                    .isCompleteHandler(isComplete)
                    .queryInterval(Duration.minutes(1))
                    .totalTimeout(Duration.minutes(58))
                    .logGroup(LogGroup.Builder.create(this, "ProviderLogs").retention(RetentionDays.ONE_MONTH).build())
                    .build();
        }

        /**
         * Start and stop on this one replication config only. A policy of its own, attached to both roles: it names
         * the config's ARN, which exists only after Pause, so the functions (which Pause needs) must not wait for it.
         */
        Policy allowStartStop(Construct scope, CfnReplicationConfig replication) {
            Policy policy = Policy.Builder.create(scope, "ControlStartStop")
                    .statements(List.of(PolicyStatement.Builder.create()
                            .actions(List.of("dms:StartReplication", "dms:StopReplication"))
                            .resources(List.of(replication.getRef()))
                            .build()))
                    .build();
            functions.forEach(fn -> policy.attachToRole(fn.getRole()));
            return policy;
        }

        private Function function(String id, String method, Path lambdaJar) {
            return Function.Builder.create(this, id)
                    .description("Starts, stops and waits for the slot2kinesis DMS Serverless replication")
                    .runtime(Runtime.JAVA_25)
                    .architecture(Architecture.X86_64)
                    .handler(HANDLER + method)
                    .code(Code.fromAsset(lambdaJar.toString()))
                    .memorySize(512)
                    .timeout(Duration.minutes(2))
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
