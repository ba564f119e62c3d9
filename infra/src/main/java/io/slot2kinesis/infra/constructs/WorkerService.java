package io.slot2kinesis.infra.constructs;

import io.slot2kinesis.infra.config.WorkerConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.CfnRule;
import software.amazon.awscdk.CfnRuleAssertion;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.assets.Platform;
import software.amazon.awscdk.services.ecs.AssetImageProps;
import software.amazon.awscdk.services.ecs.AwsLogDriverProps;
import software.amazon.awscdk.services.ecs.Cluster;
import software.amazon.awscdk.services.ecs.ContainerDefinition;
import software.amazon.awscdk.services.ecs.ContainerDefinitionOptions;
import software.amazon.awscdk.services.ecs.ContainerImage;
import software.amazon.awscdk.services.ecs.ContainerInsights;
import software.amazon.awscdk.services.ecs.CpuArchitecture;
import software.amazon.awscdk.services.ecs.DeploymentCircuitBreaker;
import software.amazon.awscdk.services.ecs.FargatePlatformVersion;
import software.amazon.awscdk.services.ecs.FargateService;
import software.amazon.awscdk.services.ecs.FargateTaskDefinition;
import software.amazon.awscdk.services.ecs.LogDrivers;
import software.amazon.awscdk.services.ecs.OperatingSystemFamily;
import software.amazon.awscdk.services.ecs.RuntimePlatform;
import software.amazon.awscdk.services.ecs.Secret;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The slot2kinesis worker on ECS Fargate: exactly one task, never two at once (the old task stops
 * before the new one starts), database login injected from Secrets Manager, logs (and the worker's
 * EMF metrics) to CloudWatch Logs.
 */
public final class WorkerService extends Construct {

    /** The RDS CA bundle the image build puts in the image (fetched at build time, never at run time). */
    public static final String RDS_CA_BUNDLE_IN_IMAGE = "/app/rds-ca/global-bundle.pem";
    /** The deploy-time parameter that stands for the image when synth was given none. */
    public static final String IMAGE_TAG_PARAMETER = "WorkerImageTag";
    /** CloudFormation's answer to a deploy that names no image (tags are immutable: there is no 'latest'). */
    public static final String NO_IMAGE = "slot2kinesis: worker mode needs the image to run: deploy with -c "
            + WorkerConfig.IMAGE_TAG + "=<tag pushed to the worker repository> (or -c " + WorkerConfig.IMAGE_DIGEST
            + "=sha256:<digest>, or -c " + WorkerConfig.IMAGE_FROM_ASSET + "=true)";

    /**
     * {@code repository} is used unless the config asks for an image built from {@code assetDirectory}. With table
     * groups, {@code groupsFile} is the groups file in the image (S2K_TABLE_GROUPS, the configured file under
     * /app/dms-mappings) and {@code group} this service's group (S2K_GROUP; the worker reads {@code <slotName>_<group>});
     * both null without groups.
     */
    public record Props(
            WorkerConfig config,
            IVpc vpc,
            SubnetSelection subnets,
            IRepository repository,
            String assetDirectory,
            SourceDatabase database,
            ISecret secret,
            String streamName,
            String slotName,
            String publication,
            SelectionFiles selection,
            String group) {
    }

    /**
     * The files in the image that select this worker's tables (S2K_TABLE_MAPPINGS, S2K_TABLE_GROUPS, null without
     * groups) and the SHA-256 of the files synth read (S2K_TABLE_MAPPINGS_SHA256, S2K_TABLE_GROUPS_SHA256): an image
     * built from other files than the deployed ones stops at start, naming the file, instead of capturing other tables
     * than the publication and slots were made for.
     */
    public record SelectionFiles(String mappingsFile, String mappingsSha256, String groupsFile, String groupsSha256) {
    }

    private final FargateService service;
    private final Cluster cluster;
    private final FargateTaskDefinition taskDefinition;
    private final ContainerDefinition container;
    private final SecurityGroup securityGroup;

    public WorkerService(Construct scope, String id, Props props) {
        super(scope, id);
        WorkerConfig config = props.config();
        cluster = Cluster.Builder.create(this, "Cluster")
                .vpc(props.vpc())
                .containerInsightsV2(ContainerInsights.ENABLED)
                .build();
        taskDefinition = FargateTaskDefinition.Builder.create(this, "Task")
                .cpu(config.cpu())
                .memoryLimitMiB(config.memoryMiB())
                .runtimePlatform(RuntimePlatform.builder()
                        .cpuArchitecture(CpuArchitecture.of(config.cpuArchitecture().name())) // X86_64 or ARM64
                        .operatingSystemFamily(OperatingSystemFamily.LINUX)
                        .build())
                .build();
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(RetentionDays.valueOf(retentionName(config.logRetentionDays())))
                .build();
        Map<String, String> environment = Ordered.stringMap(
                        "PGHOST", props.database().endpointAddress(),
                        "PGPORT", Integer.toString(props.database().port()),
                        "PGDATABASE", props.database().databaseName(),
                        "PGSSLMODE", "verify-full",
                        "PGSSLROOTCERT", RDS_CA_BUNDLE_IN_IMAGE,
                        "S2K_SLOT", props.slotName(),
                        "S2K_PUBLICATION", props.publication(),
                        "S2K_TABLE_MAPPINGS", props.selection().mappingsFile(),
                        "S2K_TABLE_MAPPINGS_SHA256", props.selection().mappingsSha256(),
                        "S2K_STREAM", props.streamName(),
                        "AWS_REGION", Stack.of(this).getRegion(),
                        "S2K_FORMAT", config.format(),
                        "S2K_OVERSIZE", config.oversize());
        if (props.group() != null) {
            environment.put("S2K_TABLE_GROUPS", props.selection().groupsFile());
            environment.put("S2K_TABLE_GROUPS_SHA256", props.selection().groupsSha256());
            environment.put("S2K_GROUP", props.group());
        }
        container = taskDefinition.addContainer("worker", ContainerDefinitionOptions.builder()
                .image(image(config, props))
                .command(List.of("run"))
                .essential(true)
                .stopTimeout(Duration.seconds(45))
                .environment(environment)
                .secrets(secrets(props.secret()))
                .logging(LogDrivers.awsLogs(AwsLogDriverProps.builder()
                        .logGroup(logs)
                        .streamPrefix("worker")
                        .build()))
                .build());
        securityGroup = SecurityGroup.Builder.create(this, "SecurityGroup")
                .vpc(props.vpc())
                .description("slot2kinesis worker")
                .allowAllOutbound(true)
                .build();
        service = FargateService.Builder.create(this, "Service")
                .cluster(cluster)
                .taskDefinition(taskDefinition)
                .desiredCount(1)
                .minHealthyPercent(0)
                .maxHealthyPercent(100)
                .circuitBreaker(DeploymentCircuitBreaker.builder().enable(true).rollback(true).build())
                .vpcSubnets(props.subnets())
                .securityGroups(List.of(securityGroup))
                .assignPublicIp(false)
                .platformVersion(FargatePlatformVersion.LATEST)
                .build();
        props.database().allowFrom(securityGroup, "slot2kinesis worker");
    }

    /**
     * The image named on the command line (a tag or a digest in the repository), or built from the asset directory
     * for the task's CPU (not the host's). When nothing names one, synth still works but the template carries a rule
     * that makes CloudFormation refuse the deploy with a line naming the context key, before anything changes.
     */
    private ContainerImage image(WorkerConfig config, Props props) {
        if (config.imageFromAsset()) {
            return ContainerImage.fromAsset(props.assetDirectory(), AssetImageProps.builder()
                    .platform(Platform.custom(config.cpuArchitecture().imagePlatform()))
                    .build());
        }
        if (config.image() != null) {
            return ContainerImage.fromEcrRepository(props.repository(), config.image());
        }
        if (Stack.of(this).getNode().tryFindChild(IMAGE_TAG_PARAMETER) instanceof CfnParameter shared) {
            // another group's service made the parameter and its rule: all groups run the same image
            return ContainerImage.fromEcrRepository(props.repository(), shared.getValueAsString());
        }
        CfnParameter tag = CfnParameter.Builder.create(Stack.of(this), IMAGE_TAG_PARAMETER)
                .type("String")
                .defaultValue("")
                .description("The worker image's tag in the environment's worker repository; prefer -c "
                        + WorkerConfig.IMAGE_TAG + "=<tag> or -c " + WorkerConfig.IMAGE_DIGEST + "=sha256:<digest>")
                .build();
        CfnRule.Builder.create(Stack.of(this), "WorkerImageNamed")
                .assertions(List.of(CfnRuleAssertion.builder()
                        .assertValue(Fn.conditionNot(Fn.conditionEquals(tag.getValueAsString(), "")))
                        .assertDescription(NO_IMAGE)
                        .build()))
                .build();
        return ContainerImage.fromEcrRepository(props.repository(), tag.getValueAsString());
    }

    private static Map<String, Secret> secrets(ISecret secret) {
        Map<String, Secret> secrets = new LinkedHashMap<>();
        secrets.put("PGUSER", Secret.fromSecretsManager(secret, "username"));
        secrets.put("PGPASSWORD", Secret.fromSecretsManager(secret, "password"));
        return secrets;
    }

    private static String retentionName(int days) {
        return switch (days) {
            case 7 -> "ONE_WEEK";
            case 14 -> "TWO_WEEKS";
            case 30 -> "ONE_MONTH";
            case 90 -> "THREE_MONTHS";
            case 180 -> "SIX_MONTHS";
            case 365 -> "ONE_YEAR";
            default -> throw new IllegalArgumentException("unsupported log retention " + days);
        };
    }

    /** Adds a plain setting of an optional feature the stack wires (e.g. the large-record bucket). */
    public void addEnvironment(String name, String value) {
        container.addEnvironment(name, value);
    }

    /** The role the worker's code runs with: grant it the stream, nothing else. */
    public IRole taskRole() {
        return taskDefinition.getTaskRole();
    }

    public FargateService service() {
        return service;
    }

    /** Tasks running (Container Insights); below 1 means the worker is down or crash-looping. */
    public Metric runningTasks() {
        return Metric.Builder.create()
                .namespace("ECS/ContainerInsights")
                .metricName("RunningTaskCount")
                .dimensionsMap(Ordered.stringMap("ClusterName", cluster.getClusterName(), "ServiceName", service.getServiceName()))
                .statistic("Minimum")
                .period(Duration.minutes(1))
                .build();
    }

    /** The worker's own EMF metric of the WAL its slot holds back. */
    public Metric slotLagBytes(String slotName) {
        return Metric.Builder.create()
                .namespace("slot2kinesis")
                .metricName("SlotLagBytes")
                .dimensionsMap(Map.of("Slot", slotName))
                .statistic("Maximum")
                .period(Duration.minutes(5))
                .build();
    }
}
