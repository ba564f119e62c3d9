package io.slot2kinesis.infra.constructs;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.logs.LogGroup;
import io.slot2kinesis.infra.config.DatabaseConfig;
import io.slot2kinesis.infra.config.DatabaseKind;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.ConnectionsProps;
import software.amazon.awscdk.services.ec2.IConnectable;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * The PostgreSQL source, of the configured kind: a parameter group with logical replication on (a DB
 * parameter group for an instance, a DB cluster parameter group for a Multi-AZ DB cluster or Aurora),
 * and either a new private, encrypted database using it or an existing one (which the operator
 * attaches it to). Clients reach the instance endpoint or the cluster's writer endpoint.
 */
public final class SourceDatabase extends Construct {

    /**
     * {@code identifier} names a new instance or cluster (and its log group); ignored for an existing one.
     * {@code parameterGroupScope} is where the parameter group goes: an existing database's group lives in a stack of
     * its own (deployed, attached and rebooted first); null puts it next to the database.
     */
    public record Props(DatabaseConfig config, String identifier, IVpc vpc, SubnetSelection subnets,
            Construct parameterGroupScope) {

        /** The scope the parameter group is created in. */
        Construct groupScope(Construct database) {
            return parameterGroupScope != null ? parameterGroupScope : database;
        }
    }

    /** What one kind's builder made: the database (new or existing) and the name of its parameter group. */
    record Created(
            String parameterGroupName, Connections connections, ISecret masterSecret, String endpointAddress,
            String identifier, Map<String, IMetric> slotMetrics) {
    }

    private final DatabaseConfig config;
    private final Created created;

    public SourceDatabase(Construct scope, String id, Props props) {
        super(scope, id);
        config = props.config();
        created = switch (config.kind()) {
            case INSTANCE -> RdsInstanceSource.build(this, props);
            case MULTI_AZ_CLUSTER -> MultiAzClusterSource.build(this, props);
            case AURORA -> AuroraClusterSource.build(this, props);
        };
    }

    /** The parameters that turn on logical decoding and keep a stuck slot from filling the disk. */
    /**
     * The log group RDS exports PostgreSQL logs to, created up front with a retention instead of the LogRetention
     * Lambda that cloudwatchLogsRetention would add. {@code kind} is {@code instance} or {@code cluster}.
     */
    static LogGroup postgresLogs(Construct scope, String kind, String identifier) {
        return LogGroup.Builder.create(scope, "PostgresLogs")
                .logGroupName("/aws/rds/" + kind + "/" + identifier + "/postgresql")
                .retention(RetentionDays.ONE_MONTH)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
    }

    static Map<String, String> replicationParameters(DatabaseConfig config) {
        Map<String, String> parameters = new TreeMap<>();
        parameters.put("rds.logical_replication", "1");
        parameters.put("max_replication_slots", Integer.toString(config.maxReplicationSlots()));
        parameters.put("max_wal_senders", Integer.toString(config.maxWalSenders()));
        parameters.put("max_logical_replication_workers", Integer.toString(config.maxReplicationSlots()));
        // Never below RDS's own default, GREATEST({DBInstanceVCPU*2},8) (Aurora logical replication setup page), which a
        // fixed slots + 8 undercuts on classes with more than slots/2 + 4 vCPUs; formulas: RDS "Specifying DB parameters".
        parameters.put("max_worker_processes", maxWorkerProcesses(config));
        parameters.put("max_slot_wal_keep_size", Integer.toString(config.maxSlotWalKeepSizeMb()));
        parameters.put("wal_sender_timeout", Integer.toString(config.walSenderTimeoutMs()));
        return parameters;
    }

    /** {@code GREATEST({DBInstanceVCPU*2},<slots + 8>)}: RDS's default or room for a worker per slot, the larger. */
    static String maxWorkerProcesses(DatabaseConfig config) {
        return "GREATEST({DBInstanceVCPU*2}," + workerProcessesFloor(config) + ")";
    }

    private static int workerProcessesFloor(DatabaseConfig config) {
        return config.maxReplicationSlots() + 8;
    }

    /**
     * The static replication parameters and the least value each runs with once the group is applied: what the
     * replication-user custom resource compares with pg_settings to report a reboot still to do.
     */
    public Map<String, String> staticParameterMinimums() {
        Map<String, String> minimums = new TreeMap<>();
        minimums.put("max_replication_slots", Integer.toString(config.maxReplicationSlots()));
        minimums.put("max_wal_senders", Integer.toString(config.maxWalSenders()));
        minimums.put("max_logical_replication_workers", Integer.toString(config.maxReplicationSlots()));
        minimums.put("max_worker_processes", Integer.toString(workerProcessesFloor(config)));
        return minimums;
    }

    /** The reboot that applies static parameters: of the instance, the Multi-AZ DB cluster, or Aurora's writer. */
    public String rebootCommand() {
        String id = identifier();
        return switch (config.kind()) {
            case INSTANCE -> Fn.join("", List.of("aws rds reboot-db-instance --db-instance-identifier ", id));
            case MULTI_AZ_CLUSTER -> Fn.join("", List.of("aws rds reboot-db-cluster --db-cluster-identifier ", id));
            case AURORA -> Fn.join("", List.of("aws rds reboot-db-instance --db-instance-identifier <each instance of ", id,
                    ", the writer first>"));
        };
    }

    /** An existing database: its security group and master secret by id, the endpoint from the config. */
    static Created existing(Construct scope, DatabaseConfig config, String parameterGroupName, Map<String, IMetric> slotMetrics) {
        DatabaseConfig.ExistingDatabase existing = config.existing();
        Connections connections = new Connections(ConnectionsProps.builder()
                .securityGroups(List.of(SecurityGroup.fromSecurityGroupId(scope, "SecurityGroup", existing.securityGroupId())))
                .defaultPort(Port.tcp(config.port()))
                .build());
        ISecret secret = Secret.fromSecretCompleteArn(scope, "MasterSecret", existing.masterSecretArn());
        return new Created(parameterGroupName, connections, secret, existing.endpoint(), existing.identifier(), slotMetrics);
    }

    /** Lets a client (DMS, the worker, the custom resource) reach the database port. */
    public void allowFrom(IConnectable client, String description) {
        created.connections().allowFrom(client, Port.tcp(config.port()), description);
    }

    public DatabaseKind kind() {
        return config.kind();
    }

    public ISecret masterSecret() {
        return created.masterSecret();
    }

    /** The instance endpoint, or the cluster's writer endpoint: it follows a failover. */
    public String endpointAddress() {
        return created.endpointAddress();
    }

    public int port() {
        return config.port();
    }

    public String databaseName() {
        return config.databaseName();
    }

    public String parameterGroupName() {
        return created.parameterGroupName();
    }

    /** The DB instance identifier (kind instance) or DB cluster identifier. */
    public String identifier() {
        return created.identifier();
    }

    /** RDS metrics of WAL held back by slots, by alarm id ({@code SlotLag}, and {@code SlotDiskUsage} on Aurora). */
    public Map<String, IMetric> slotMetrics() {
        return created.slotMetrics();
    }

    /** For an existing database: the commands that attach the parameter group and apply it (a reboot). */
    public String attachParameterGroupCommand() {
        String id = identifier();
        String group = parameterGroupName();
        return switch (config.kind()) {
            case INSTANCE -> Fn.join("", List.of(
                    "aws rds modify-db-instance --db-instance-identifier ", id, " --db-parameter-group-name ", group,
                    " --apply-immediately && aws rds reboot-db-instance --db-instance-identifier ", id));
            case MULTI_AZ_CLUSTER -> Fn.join("", List.of(
                    "aws rds modify-db-cluster --db-cluster-identifier ", id, " --db-cluster-parameter-group-name ", group,
                    " --apply-immediately && aws rds reboot-db-cluster --db-cluster-identifier ", id));
            case AURORA -> Fn.join("", List.of(
                    "aws rds modify-db-cluster --db-cluster-identifier ", id, " --db-cluster-parameter-group-name ", group,
                    " --apply-immediately, then reboot the writer (and each reader) of ", id,
                    ": aws rds reboot-db-instance --db-instance-identifier <instance>"));
        };
    }
}
