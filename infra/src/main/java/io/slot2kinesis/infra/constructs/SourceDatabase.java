package io.slot2kinesis.infra.constructs;

import io.slot2kinesis.infra.config.DatabaseConfig;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.ConnectionsProps;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.ParameterGroupInstanceBindOptions;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.StorageType;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * The PostgreSQL source: a parameter group with logical replication on, and either a new private,
 * encrypted RDS instance using it or an existing instance (which the operator attaches it to).
 */
public final class SourceDatabase extends Construct {

    /** {@code instanceIdentifier} names a new instance (and its log group); ignored for an existing one. */
    public record Props(DatabaseConfig config, String instanceIdentifier, IVpc vpc, SubnetSelection subnets) {
    }

    private final DatabaseConfig config;
    private final String parameterGroupName;
    private final Connections connections;
    private final ISecret masterSecret;
    private final String endpointAddress;
    private final String instanceIdentifier;

    public SourceDatabase(Construct scope, String id, Props props) {
        super(scope, id);
        config = props.config();
        IInstanceEngine engine = DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                .version(PostgresEngineVersion.of(config.engineMajorVersion(), config.engineMajorVersion()))
                .build());
        ParameterGroup parameters = ParameterGroup.Builder.create(this, "Parameters")
                .engine(engine)
                .description("slot2kinesis: logical replication for DMS and the worker")
                .parameters(replicationParameters(config))
                .build();
        parameterGroupName = parameters.bindToInstance(ParameterGroupInstanceBindOptions.builder().build())
                .getParameterGroupName();
        if (config.createsInstance()) {
            // Created up front with a retention, instead of the LogRetention Lambda cloudwatchLogsRetention adds.
            LogGroup postgresLogs = LogGroup.Builder.create(this, "PostgresLogs")
                    .logGroupName("/aws/rds/instance/" + props.instanceIdentifier() + "/postgresql")
                    .retention(RetentionDays.ONE_MONTH)
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .build();
            DatabaseInstance instance = DatabaseInstance.Builder.create(this, "Instance")
                    .engine(engine)
                    .instanceIdentifier(props.instanceIdentifier())
                    .instanceType(new InstanceType(config.instanceClass()))
                    .vpc(props.vpc())
                    .vpcSubnets(props.subnets())
                    .publiclyAccessible(false)
                    .storageEncrypted(true)
                    .storageType(StorageType.GP3)
                    .allocatedStorage(config.allocatedStorageGiB())
                    .multiAz(config.multiAz())
                    .port(config.port())
                    .databaseName(config.databaseName())
                    .credentials(Credentials.fromGeneratedSecret("postgres"))
                    .parameterGroup(parameters)
                    .iamAuthentication(true)
                    .backupRetention(Duration.days(7))
                    .cloudwatchLogsExports(List.of("postgresql"))
                    .autoMinorVersionUpgrade(true)
                    .deletionProtection(config.deletionProtection())
                    .removalPolicy(config.snapshotOnDelete() ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY)
                    .build();
            instance.getNode().addDependency(postgresLogs);
            connections = instance.getConnections();
            masterSecret = instance.getSecret();
            endpointAddress = instance.getDbInstanceEndpointAddress();
            instanceIdentifier = instance.getInstanceIdentifier();
        } else {
            DatabaseConfig.ExistingDatabase existing = config.existing();
            connections = new Connections(ConnectionsProps.builder()
                    .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(this, "SecurityGroup", existing.securityGroupId())))
                    .defaultPort(Port.tcp(config.port()))
                    .build());
            masterSecret = Secret.fromSecretCompleteArn(this, "MasterSecret", existing.masterSecretArn());
            endpointAddress = existing.endpoint();
            instanceIdentifier = existing.instanceIdentifier();
        }
    }

    /** The parameters that turn on logical decoding and keep a stuck slot from filling the disk. */
    static Map<String, String> replicationParameters(DatabaseConfig config) {
        Map<String, String> parameters = new TreeMap<>();
        parameters.put("rds.logical_replication", "1");
        parameters.put("max_replication_slots", Integer.toString(config.maxReplicationSlots()));
        parameters.put("max_wal_senders", Integer.toString(config.maxWalSenders()));
        parameters.put("max_logical_replication_workers", Integer.toString(config.maxReplicationSlots()));
        parameters.put("max_worker_processes", Integer.toString(config.maxReplicationSlots() + 8));
        parameters.put("max_slot_wal_keep_size", Integer.toString(config.maxSlotWalKeepSizeMb()));
        parameters.put("wal_sender_timeout", Integer.toString(config.walSenderTimeoutMs()));
        return parameters;
    }

    /** Lets a client (DMS, the worker, the custom resource) reach the database port. */
    public void allowFrom(IConnectable client, String description) {
        connections.allowFrom(client, Port.tcp(config.port()), description);
    }

    public ISecret masterSecret() {
        return masterSecret;
    }

    public String endpointAddress() {
        return endpointAddress;
    }

    public int port() {
        return config.port();
    }


    public String databaseName() {
        return config.databaseName();
    }

    public String parameterGroupName() {
        return parameterGroupName;
    }

    public String instanceIdentifier() {
        return instanceIdentifier;
    }

    /** The size of WAL the oldest slot holds back (RDS metric), for the lag alarm. */
    public Metric oldestSlotLag() {
        return Metric.Builder.create()
                .namespace("AWS/RDS")
                .metricName("OldestReplicationSlotLag")
                .dimensionsMap(Map.of("DBInstanceIdentifier", instanceIdentifier))
                .statistic("Maximum")
                .period(Duration.minutes(5))
                .build();
    }

}
