package io.slot2kinesis.infra.constructs;

import io.slot2kinesis.infra.config.DatabaseConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.ec2.InstanceType;
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
import software.constructs.Construct;

/** Kind {@code instance}: a DB parameter group and, unless existing, an RDS DB instance (single or Multi-AZ). */
final class RdsInstanceSource {

    private RdsInstanceSource() {
    }

    static SourceDatabase.Created build(Construct scope, SourceDatabase.Props props) {
        DatabaseConfig config = props.config();
        IInstanceEngine engine = DatabaseInstanceEngine.postgres(PostgresInstanceEngineProps.builder()
                .version(PostgresEngineVersion.of(config.engineVersion(), config.engineMajorVersion()))
                .build());
        ParameterGroup parameters = ParameterGroup.Builder.create(props.groupScope(scope), "Parameters")
                .engine(engine)
                .description("slot2kinesis: logical replication for DMS and the worker")
                .parameters(SourceDatabase.replicationParameters(config))
                .build();
        String parameterGroupName = parameters.bindToInstance(ParameterGroupInstanceBindOptions.builder().build())
                .getParameterGroupName();
        if (!config.createsDatabase()) {
            return SourceDatabase.existing(scope, config, parameterGroupName, slotLag(config.existing().identifier()));
        }
        LogGroup postgresLogs = SourceDatabase.postgresLogs(scope, "instance", props.identifier());
        DatabaseInstance instance = DatabaseInstance.Builder.create(scope, "Instance")
                .engine(engine)
                .instanceIdentifier(props.identifier())
                .instanceType(new InstanceType(config.instanceClass()))
                .vpc(props.vpc())
                .vpcSubnets(props.subnets())
                .publiclyAccessible(false)
                .storageEncrypted(true)
                .storageType(StorageType.valueOf(config.storageType().toUpperCase(java.util.Locale.ROOT)))
                .allocatedStorage(config.allocatedStorageGiB())
                .iops(config.iops() > 0 ? config.iops() : null)
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
        return new SourceDatabase.Created(parameterGroupName, instance.getConnections(), instance.getSecret(),
                instance.getDbInstanceEndpointAddress(), instance.getInstanceIdentifier(),
                slotLag(instance.getInstanceIdentifier()));
    }

    /** The size of WAL the oldest slot holds back, for the lag alarm. */
    private static Map<String, IMetric> slotLag(String instanceIdentifier) {
        return Map.of("SlotLag", Metric.Builder.create()
                .namespace("AWS/RDS")
                .metricName("OldestReplicationSlotLag")
                .dimensionsMap(Map.of("DBInstanceIdentifier", instanceIdentifier))
                .statistic("Maximum")
                .period(Duration.minutes(5))
                .build());
    }
}
