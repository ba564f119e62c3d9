package io.slot2kinesis.infra.constructs;

import io.slot2kinesis.infra.config.DatabaseConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.AuroraPostgresClusterEngineProps;
import software.amazon.awscdk.services.rds.AuroraPostgresEngineVersion;
import software.amazon.awscdk.services.rds.BackupProps;
import software.amazon.awscdk.services.rds.ClusterInstance;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.DatabaseCluster;
import software.amazon.awscdk.services.rds.DatabaseClusterEngine;
import software.amazon.awscdk.services.rds.IClusterEngine;
import software.amazon.awscdk.services.rds.IClusterInstance;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.ParameterGroupClusterBindOptions;
import software.amazon.awscdk.services.rds.ProvisionedClusterInstanceProps;
import software.amazon.awscdk.services.rds.ServerlessV2ClusterInstanceProps;
import software.constructs.Construct;

/**
 * Kind {@code aurora}: a DB cluster parameter group (family {@code aurora-postgresql<major>}) and,
 * unless existing, an Aurora PostgreSQL cluster with a writer and {@code readers} failover targets,
 * provisioned or Serverless v2.
 */
final class AuroraClusterSource {

    private AuroraClusterSource() {
    }

    /**
     * The replication parameters without {@code max_slot_wal_keep_size}: Aurora keeps WAL in its cluster
     * volume, not on a local disk a slot can fill, and we could not confirm Aurora accepts the parameter.
     */
    static Map<String, String> replicationParameters(DatabaseConfig config) {
        Map<String, String> parameters = SourceDatabase.replicationParameters(config);
        parameters.remove("max_slot_wal_keep_size");
        return parameters;
    }

    static SourceDatabase.Created build(Construct scope, SourceDatabase.Props props) {
        DatabaseConfig config = props.config();
        IClusterEngine engine = DatabaseClusterEngine.auroraPostgres(AuroraPostgresClusterEngineProps.builder()
                .version(AuroraPostgresEngineVersion.of(config.engineVersion(), config.engineMajorVersion()))
                .build());
        ParameterGroup parameters = ParameterGroup.Builder.create(props.groupScope(scope), "ClusterParameters")
                .engine(engine)
                .description("slot2kinesis: logical replication for DMS and the worker")
                .parameters(replicationParameters(config))
                .build();
        String parameterGroupName = parameters.bindToCluster(ParameterGroupClusterBindOptions.builder().build())
                .getParameterGroupName();
        if (!config.createsDatabase()) {
            return SourceDatabase.existing(scope, config, parameterGroupName, slotMetrics(config.existing().identifier()));
        }
        LogGroup postgresLogs = SourceDatabase.postgresLogs(scope, "cluster", props.identifier());
        List<IClusterInstance> readers = new ArrayList<>();
        for (int i = 1; i <= config.readers(); i++) {
            readers.add(instance(config, "Reader" + i));
        }
        DatabaseCluster.Builder cluster = DatabaseCluster.Builder.create(scope, "Cluster")
                .engine(engine)
                .clusterIdentifier(props.identifier())
                .writer(instance(config, "Writer"))
                .readers(readers)
                .vpc(props.vpc())
                .vpcSubnets(props.subnets())
                .credentials(Credentials.fromGeneratedSecret("postgres"))
                .defaultDatabaseName(config.databaseName())
                .port(config.port())
                .parameterGroup(parameters)
                .storageEncrypted(true)
                .iamAuthentication(true)
                .backup(BackupProps.builder().retention(Duration.days(7)).build())
                .cloudwatchLogsExports(List.of("postgresql"))
                .deletionProtection(config.deletionProtection())
                .removalPolicy(config.snapshotOnDelete() ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY);
        if (config.serverless()) {
            cluster.serverlessV2MinCapacity(config.serverlessMinCapacity())
                    .serverlessV2MaxCapacity(config.serverlessMaxCapacity());
        }
        DatabaseCluster created = cluster.build();
        created.getNode().addDependency(postgresLogs);
        return new SourceDatabase.Created(parameterGroupName, created.getConnections(), created.getSecret(),
                created.getClusterEndpoint().getHostname(), created.getClusterIdentifier(),
                slotMetrics(created.getClusterIdentifier()));
    }

    private static IClusterInstance instance(DatabaseConfig config, String id) {
        if (config.serverless()) {
            return ClusterInstance.serverlessV2(id, ServerlessV2ClusterInstanceProps.builder()
                    .publiclyAccessible(false)
                    .autoMinorVersionUpgrade(true)
                    .scaleWithWriter(true)
                    .build());
        }
        return ClusterInstance.provisioned(id, ProvisionedClusterInstanceProps.builder()
                .instanceType(new InstanceType(config.instanceClass()))
                .publiclyAccessible(false)
                .autoMinorVersionUpgrade(true)
                .promotionTier(id.equals("Writer") ? 0 : 1)
                .build());
    }

    /** Slot metrics of whichever instance is the writer ({@code Role=WRITER}): lag and the disk slots use. */
    private static Map<String, IMetric> slotMetrics(String clusterIdentifier) {
        Map<String, IMetric> metrics = new LinkedHashMap<>();
        metrics.put("SlotLag", writerMetric(clusterIdentifier, "OldestReplicationSlotLag"));
        metrics.put("SlotDiskUsage", writerMetric(clusterIdentifier, "ReplicationSlotDiskUsage"));
        return metrics;
    }

    private static Metric writerMetric(String clusterIdentifier, String name) {
        return Metric.Builder.create()
                .namespace("AWS/RDS")
                .metricName(name)
                .dimensionsMap(Ordered.stringMap("DBClusterIdentifier", clusterIdentifier, "Role", "WRITER"))
                .statistic("Maximum")
                .period(Duration.minutes(5))
                .build();
    }
}
