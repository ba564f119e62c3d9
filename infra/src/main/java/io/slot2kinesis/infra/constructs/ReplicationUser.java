package io.slot2kinesis.infra.constructs;

import io.slot2kinesis.infra.config.Mode;
import io.slot2kinesis.infra.config.ReplicationUserConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.customresources.Provider;
import software.constructs.Construct;

/**
 * The database login DMS or the worker uses: a generated secret (username, password, host, port,
 * dbname) and a custom resource, a Java Lambda in the VPC, that creates the user with rds_replication,
 * grants SELECT on the selected tables, creates the mode's slot and (worker mode) the publication.
 * It never drops anything on update; on delete it removes what it created only if told to.
 */
public final class ReplicationUser extends Construct {

    /** The schema DMS's WAL heartbeat creates its objects in; the user may create there and nowhere else. */
    public static final String HEARTBEAT_SCHEMA = "slot2kinesis_dms";
    public static final String HANDLER = "io.slot2kinesis.customresource.ReplicationUserHandler::handleRequest";

    public record Props(
            String secretName,
            ReplicationUserConfig config,
            Mode mode,
            SourceDatabase database,
            IVpc vpc,
            SubnetSelection subnets,
            Path lambdaJar,
            String selectionsJson,
            String groupsJson,
            List<String> groupSlots) {
    }

    private final Secret secret;
    private final Function handler;
    private final CustomResource resource;

    public ReplicationUser(Construct scope, String id, Props props) {
        super(scope, id);
        SourceDatabase db = props.database();
        String template = Fn.join("", List.of(
                "{\"username\":\"", props.config().username(),
                "\",\"engine\":\"postgres\",\"host\":\"", db.endpointAddress(),
                "\",\"port\":", Integer.toString(db.port()),
                ",\"dbname\":\"", db.databaseName(), "\"}"));
        secret = Secret.Builder.create(this, "Secret")
                .secretName(props.secretName())
                .description("slot2kinesis replication login (DMS and the worker read it)")
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate(template)
                        .generateStringKey("password")
                        .excludePunctuation(true)
                        .passwordLength(32)
                        .build())
                .build();

        SecurityGroup securityGroup = SecurityGroup.Builder.create(this, "HandlerSecurityGroup")
                .vpc(props.vpc())
                .description("slot2kinesis replication-user custom resource")
                .allowAllOutbound(true)
                .build();
        handler = Function.Builder.create(this, "Handler")
                .description("Creates the slot2kinesis replication user, slot and publication")
                .runtime(Runtime.JAVA_25)
                .architecture(Architecture.X86_64)
                .handler(HANDLER)
                .code(Code.fromAsset(props.lambdaJar().toString()))
                .memorySize(1024)
                .timeout(Duration.minutes(5))
                .vpc(props.vpc())
                .vpcSubnets(props.subnets())
                .securityGroups(List.of(securityGroup))
                .logGroup(LogGroup.Builder.create(this, "HandlerLogs").retention(RetentionDays.ONE_MONTH).build())
                .build();
        db.masterSecret().grantRead(handler);
        secret.grantRead(handler);
        db.allowFrom(handler, "replication-user custom resource");

        Provider provider = Provider.Builder.create(this, "Provider")
                .onEventHandler(handler)
                .logGroup(LogGroup.Builder.create(this, "ProviderLogs").retention(RetentionDays.ONE_MONTH).build())
                .build();
        boolean groups = props.groupsJson() != null && props.mode() == Mode.WORKER;
        List<String> ownedSlots = new java.util.ArrayList<>(Arrays.stream(Mode.values()).map(Mode::slotName).toList());
        if (groups) {
            ownedSlots.addAll(props.groupSlots());
        }
        Map<String, Object> properties = Ordered.map(
                        "MasterSecretArn", db.masterSecret().getSecretArn(),
                        "ReplicationSecretArn", secret.getSecretArn(),
                        // A new template means a regenerated password: the update sets it on the role.
                        "SecretTemplate", template,
                        "Host", db.endpointAddress(),
                        "Port", Integer.toString(db.port()),
                        "Database", db.databaseName(),
                        "Username", props.config().username(),
                        // DMS Serverless creates and owns its slot (no custom CDC start point): none made here
                        // with table groups (worker mode) a slot and publication per group ("Groups") instead
                        "Slot", props.mode() == Mode.WORKER && !groups ? props.mode().slotName() : "",
                        "SlotPlugin", props.mode() == Mode.WORKER ? props.mode().plugin() : "",
                        "Publication", props.mode() == Mode.WORKER && !groups ? props.config().publication() : "",
                        "Selections", props.selectionsJson(),
                        "OwnedSlots", ownedSlots,
                        "DropOnDelete", Boolean.toString(props.config().dropOnDelete()),
                        "HeartbeatSchema", props.mode() == Mode.DMS ? HEARTBEAT_SCHEMA : "",
                        // a parameter change re-runs the resource, which reports what still waits for a reboot
                        "RebootParameters", db.staticParameterMinimums(),
                        "RebootCommand", db.rebootCommand());
        if (groups) {
            properties.put("Groups", props.groupsJson());
        }
        resource = CustomResource.Builder.create(this, "Resource")
                .serviceToken(provider.getServiceToken())
                .resourceType("Custom::Slot2KinesisReplicationUser")
                .properties(properties)
                .build();
    }

    public ISecret secret() {
        return secret;
    }

    public IConnectable handler() {
        return handler;
    }

    /** What still waits for a reboot (static parameters), or "none: ...": the stack's output PendingReboot. */
    public String pendingReboot() {
        return resource.getAttString("PendingReboot");
    }

    /** The custom resource; captures depend on it so the slot exists before they start. */
    public CustomResource resource() {
        return resource;
    }
}
