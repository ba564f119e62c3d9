package io.slot2kinesis.infra.constructs;

import io.slot2kinesis.infra.config.DatabaseConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ec2.Connections;
import software.amazon.awscdk.services.ec2.ConnectionsProps;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.CfnDBCluster;
import software.amazon.awscdk.services.rds.CfnDBClusterParameterGroup;
import software.amazon.awscdk.services.rds.CfnDBSubnetGroup;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * Kind {@code multi-az-cluster}: a DB cluster parameter group (family {@code postgres<major>}) and,
 * unless existing, an RDS Multi-AZ DB cluster (engine postgres, one writer and two readable standbys on
 * local NVMe classes). CDK has no L2 for it, so this is {@code CfnDBCluster}; RDS keeps the master
 * password in a secret it manages.
 */
final class MultiAzClusterSource {

    private MultiAzClusterSource() {
    }

    static SourceDatabase.Created build(Construct scope, SourceDatabase.Props props) {
        DatabaseConfig config = props.config();
        CfnDBClusterParameterGroup parameters = CfnDBClusterParameterGroup.Builder.create(props.groupScope(scope), "ClusterParameters")
                .family("postgres" + config.engineMajorVersion())
                .description("slot2kinesis: logical replication for DMS and the worker")
                .parameters(SourceDatabase.replicationParameters(config))
                .build();
        if (!config.createsDatabase()) {
            return SourceDatabase.existing(scope, config, parameters.getRef(), slotLag(config.existing().identifier()));
        }
        SecurityGroup securityGroup = SecurityGroup.Builder.create(scope, "SecurityGroup")
                .vpc(props.vpc())
                .description("slot2kinesis Multi-AZ DB cluster " + props.identifier())
                .allowAllOutbound(false)
                .build();
        CfnDBSubnetGroup subnetGroup = CfnDBSubnetGroup.Builder.create(scope, "SubnetGroup")
                .dbSubnetGroupDescription("slot2kinesis Multi-AZ DB cluster " + props.identifier())
                .subnetIds(props.vpc().selectSubnets(props.subnets()).getSubnetIds())
                .build();
        LogGroup postgresLogs = SourceDatabase.postgresLogs(scope, "cluster", props.identifier());
        CfnDBCluster cluster = CfnDBCluster.Builder.create(scope, "Cluster")
                .dbClusterIdentifier(props.identifier())
                .engine("postgres")
                .engineVersion(config.engineVersion())
                .dbClusterInstanceClass("db." + config.instanceClass())
                .storageType(config.storageType())
                .allocatedStorage(config.allocatedStorageGiB())
                .iops(config.iops() > 0 ? config.iops() : null)
                .dbClusterParameterGroupName(parameters.getRef())
                .dbSubnetGroupName(subnetGroup.getRef())
                .vpcSecurityGroupIds(List.of(securityGroup.getSecurityGroupId()))
                .publiclyAccessible(false)
                .storageEncrypted(true)
                .masterUsername("postgres")
                .manageMasterUserPassword(true)
                .databaseName(config.databaseName())
                .port(config.port())
                .enableIamDatabaseAuthentication(true)
                .backupRetentionPeriod(7)
                .enableCloudwatchLogsExports(List.of("postgresql"))
                .autoMinorVersionUpgrade(true)
                .copyTagsToSnapshot(true)
                .deletionProtection(config.deletionProtection())
                .build();
        cluster.applyRemovalPolicy(config.snapshotOnDelete() ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY);
        cluster.getNode().addDependency(postgresLogs);
        Connections connections = new Connections(ConnectionsProps.builder()
                .securityGroups(List.of(securityGroup))
                .defaultPort(Port.tcp(config.port()))
                .build());
        return new SourceDatabase.Created(parameters.getRef(), connections,
                Secret.fromSecretCompleteArn(scope, "MasterSecret", cluster.getAttrMasterUserSecretSecretArn()),
                cluster.getAttrEndpointAddress(), cluster.getRef(), slotLag(props.identifier()));
    }

    /**
     * The largest {@code OldestReplicationSlotLag} of the cluster's three DB instances, which RDS names
     * {@code <cluster>-instance-1..3}: the writer moves on failover, and standbys hold copies of the slots.
     */
    private static Map<String, IMetric> slotLag(String clusterIdentifier) {
        Map<String, IMetric> perInstance = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            ids.add("i" + i);
            perInstance.put("i" + i, Metric.Builder.create()
                    .namespace("AWS/RDS")
                    .metricName("OldestReplicationSlotLag")
                    .dimensionsMap(Map.of("DBInstanceIdentifier", clusterIdentifier + "-instance-" + i))
                    .statistic("Maximum")
                    .period(Duration.minutes(5))
                    .build());
        }
        return Map.of("SlotLag", MathExpression.Builder.create()
                .expression("MAX([" + String.join(", ", ids) + "])")
                .usingMetrics(perInstance)
                .label("OldestReplicationSlotLag (max over the cluster's instances)")
                .period(Duration.minutes(5))
                .build());
    }
}
