package io.slot2kinesis.infra.stacks;

import io.slot2kinesis.config.FileDigest;
import io.slot2kinesis.infra.GroupsFile;
import io.slot2kinesis.infra.MappingsFile;
import io.slot2kinesis.infra.RepoPaths;
import io.slot2kinesis.infra.config.ConfigException;
import io.slot2kinesis.infra.config.DeploymentConfig;
import io.slot2kinesis.infra.config.Mode;
import io.slot2kinesis.infra.config.TableGroupsSetting;
import io.slot2kinesis.infra.constructs.Alarms;
import io.slot2kinesis.infra.constructs.Bastion;
import io.slot2kinesis.infra.constructs.ChangeStream;
import io.slot2kinesis.infra.constructs.DmsReplication;
import io.slot2kinesis.infra.constructs.LargeRecordBucket;
import io.slot2kinesis.infra.constructs.Network;
import io.slot2kinesis.infra.constructs.ReplicationUser;
import io.slot2kinesis.infra.constructs.SourceDatabase;
import io.slot2kinesis.infra.constructs.StreamConsumers;
import io.slot2kinesis.infra.constructs.WorkerService;
import io.slot2kinesis.mapping.TableGroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.Repository;
import software.constructs.Construct;

/**
 * One environment: network, source database, replication user, stream, and the capture of the
 * configured mode (DMS Serverless or the worker), with alarms and the outputs tests read.
 */
public final class Slot2KinesisStack extends Stack {
    /** Synth's note (and the app's line on stderr) when the environment names a groups file in DMS mode. */
    public static String dmsIgnoresGroups(TableGroups groups) {
        return groups.sourceName() + ": table groups are ignored in DMS mode (one DMS replication reads every selected"
                + " table); they apply in worker mode";
    }

    /** What the app hands the stack; paths are absolute; {@code groups} is null unless the environment names a file. */
    public record Props(
            DeploymentConfig config,
            MappingsFile mappings,
            TableGroups groups,
            String workerRepositoryName,
            Path customResourcesJar,
            Path workerDirectory,
            Construct parameterGroupScope) {
    }

    private final List<String> availabilityZones;
    private final DeploymentConfig config;

    public Slot2KinesisStack(Construct scope, String id, Props props) {
        super(scope, id, StackProps.builder()
                .env(Environment.builder().account(props.config().account()).region(props.config().region()).build())
                .description("slot2kinesis " + props.config().envName() + ": PostgreSQL changes to Kinesis ("
                        + props.config().mode().id() + " mode)")
                .terminationProtection(props.config().database().deletionProtection())
                .build());
        config = props.config();
        availabilityZones = config.availabilityZones();
        RemovalPolicy dataRemoval = config.database().deletionProtection() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        Network network = new Network(this, "Network", new Network.Props(config.network(), availabilityZones));
        SourceDatabase database = new SourceDatabase(this, "Database",
                new SourceDatabase.Props(config.database(), config.stackName(), network.vpc(), network.subnets(),
                        props.parameterGroupScope()));
        ChangeStream stream = new ChangeStream(this, "ChangeStream", new ChangeStream.Props(config.stream(), dataRemoval));
        // Table groups split the worker (a slot, publication and service each); DMS reads all tables in one task.
        TableGroups groups = config.mode() == Mode.WORKER ? props.groups() : null;
        if (groups != null) {
            GroupsFile.requireNamesFit(groups, config.slotName(), config.replication().publication());
        }
        ReplicationUser user = new ReplicationUser(this, "ReplicationUser", new ReplicationUser.Props(
                config.stackName() + "/replication", config.replication(), config.mode(), database,
                network.vpc(), network.subnets(), props.customResourcesJar(), props.mappings().selectionsJson(),
                groups == null ? null : GroupsFile.customResourceJson(groups, config.slotName(),
                        config.replication().publication()),
                groups == null ? List.of() : groups.names().stream()
                        .map(group -> TableGroups.nameFor(config.slotName(), group)).toList()));
        Alarms alarms = new Alarms(this, "Alarms", new Alarms.Props(config.stackName(), config.alarms()));
        database.slotMetrics().forEach((alarmId, metric) -> {
            if (alarmId.equals("SlotDiskUsage")) {
                alarms.slotDiskUsage(alarmId, metric);
            } else {
                alarms.slotLag(alarmId, metric);
            }
        });
        alarms.writeThrottling(stream.stream().metricWriteProvisionedThroughputExceeded());
        StreamConsumers consumers = null;
        if (config.consumers().any()) {
            consumers = new StreamConsumers(this, "Consumers", new StreamConsumers.Props(
                    config.consumers(), config.stackName(), stream.stream(), RepoPaths.root()));
            if (consumers.function() != null) {
                output("ConsumerFunctionName", consumers.function().getFunctionName(), "Lambda consumer of the stream");
                output("ConsumerFailuresQueueUrl", consumers.failures().getQueueUrl(),
                        "Batches the Lambda consumer failed after its retries (shard and sequence numbers)");
            }
        }

        List<WorkerService> workers = new java.util.ArrayList<>();
        if (config.mode() == Mode.DMS) {
            DmsReplication dms = new DmsReplication(this, "Dms", new DmsReplication.Props(
                    config.stackName(), config.dms(), user, database, stream,
                    props.mappings().asObject(), network.vpc(), network.subnets(), props.customResourcesJar()));
            alarms.cdcLatency("CdcLatencySource", dms.cdcLatency("CDCLatencySource"));
            alarms.cdcLatency("CdcLatencyTarget", dms.cdcLatency("CDCLatencyTarget"));
            output("ReplicationConfigArn", dms.replication().getRef(),
                    "DMS Serverless replication config (aws dms reload-replication-tables --replication-config-arn)");
            if (config.worker().largeRecordsToS3()) {
                Annotations.of(this).addInfo("worker.oversize s3 applies to mode worker only: mode dms creates no"
                        + " large-record bucket (DMS cannot put a record in S3 in place of the stream)");
            }
        } else if (groups == null) {
            WorkerService worker = new WorkerService(this, "Worker", new WorkerService.Props(
                    config.worker(), network.vpc(), network.subnets(),
                    Repository.fromRepositoryName(this, "WorkerRepository", props.workerRepositoryName()),
                    props.workerDirectory().toString(), database, user.secret(), stream.stream().getStreamName(),
                    config.slotName(), config.replication().publication(), selectionFiles(props, null), null));
            worker.service().getNode().addDependency(user.resource());
            stream.grantWrite(worker.taskRole());
            alarms.workerDown(worker.runningTasks());
            alarms.slotLag("WorkerSlotLag", worker.slotLagBytes(config.slotName()));
            workers.add(worker);
        } else {
            var repository = Repository.fromRepositoryName(this, "WorkerRepository", props.workerRepositoryName());
            for (String group : groups.names()) {
                String suffix = GroupsFile.idOf(group);
                String slot = TableGroups.nameFor(config.slotName(), group);
                WorkerService worker = new WorkerService(this, "Worker" + suffix, new WorkerService.Props(
                        config.worker(), network.vpc(), network.subnets(), repository,
                        props.workerDirectory().toString(), database, user.secret(), stream.stream().getStreamName(),
                        config.slotName(), config.replication().publication(),
                        selectionFiles(props, groups), group));
                worker.service().getNode().addDependency(user.resource());
                stream.grantWrite(worker.taskRole());
                alarms.workerDown("WorkerDown" + suffix, "The slot2kinesis worker of table group " + group,
                        worker.runningTasks());
                alarms.slotLag("WorkerSlotLag" + suffix, worker.slotLagBytes(slot));
                output("SlotName" + suffix, slot, "Replication slot of table group " + group);
                output("Publication" + suffix, TableGroups.nameFor(config.replication().publication(), group),
                        "Publication of table group " + group);
                output("WorkerService" + suffix, worker.service().getServiceName(), "ECS service of table group " + group);
                workers.add(worker);
            }
        }
        if (config.mode() == Mode.DMS && props.groups() != null) {
            Annotations.of(this).addInfo(dmsIgnoresGroups(props.groups()));
        }
        if (!workers.isEmpty() && config.worker().largeRecordsToS3()) {
            largeRecords(stream, workers, consumers, dataRemoval);
        }

        String access;
        if (config.database().bastion()) {
            network.addSessionManagerEndpoints();
            Bastion bastion = new Bastion(this, "Bastion", new Bastion.Props(network.vpc(), network.subnets(), database));
            output("BastionInstanceId", bastion.instanceId(), "Session Manager target for port forwarding");
            access = bastion.portForwardCommand();
        } else {
            access = Fn.join("", List.of("private only: connect from inside VPC ", network.vpc().getVpcId(),
                    " (no bastion in this environment)"));
        }

        output("Mode", config.mode().id(), "What reads the slot: dms or worker");
        output("StreamName", stream.stream().getStreamName(), "Kinesis data stream");
        output("StreamArn", stream.stream().getStreamArn(), "Kinesis data stream ARN");
        output("DatabaseKind", database.kind().id(), "instance, multi-az-cluster or aurora");
        output("DatabaseEndpoint", database.endpointAddress(), "PostgreSQL host (private): the instance endpoint or the cluster's writer endpoint");
        output("DatabasePort", Integer.toString(database.port()), "PostgreSQL port");
        output("DatabaseName", database.databaseName(), "PostgreSQL database");
        output("ReplicationSecretArn", user.secret().getSecretArn(), "username, password, host, port, dbname of the replication login");
        output("MasterSecretArn", database.masterSecret().getSecretArn(), "master login (tests create tables with it)");
        output("SlotName", config.mode() == Mode.DMS ? "created and named by DMS (plugin test_decoding)"
                : groups == null ? config.slotName() : joined(groups, config.slotName()),
                "Replication slot of the active mode" + (groups == null ? "" : " (one per table group)"));
        output("Publication", groups == null ? config.replication().publication()
                : joined(groups, config.replication().publication()),
                "Publication the worker reads (worker mode)" + (groups == null ? "" : "; one per table group"));
        output("ParameterGroupName", database.parameterGroupName(), database.kind().isCluster()
                ? "DB cluster parameter group with logical replication" : "DB parameter group with logical replication");
        output("DatabaseAccess", access, "How to reach the database for tests");
        output("PendingReboot", user.pendingReboot(),
                "Static replication parameters the database runs with older values of until a reboot (pg_settings), and the reboot");
        if (!config.database().createsDatabase()) {
            output("AttachParameterGroup", database.attachParameterGroupCommand(),
                    "Existing database: attach the parameter group of the -parameters stack and reboot (before this stack)");
        }
        if (props.parameterGroupScope() != null) {
            // phase 1's output: the command, before this stack is deployed
            CfnOutput.Builder.create(Stack.of(props.parameterGroupScope()), "AttachParameterGroup")
                    .value(database.attachParameterGroupCommand())
                    .description("Phase 1 of an existing database: attach this parameter group and reboot, then deploy "
                            + config.stackName())
                    .build();
        }
        NagAcknowledgments.apply(this, config);
    }

    /** worker.oversize s3: the bucket, its grants to the workers and the Lambda consumer, the workers' settings. */
    private void largeRecords(ChangeStream stream, List<WorkerService> workers, StreamConsumers consumers,
            RemovalPolicy removal) {
        LargeRecordBucket largeRecords = new LargeRecordBucket(this, "LargeRecords", new LargeRecordBucket.Props(
                config.stream().retentionHours(), config.worker().largeRecordExpiryMarginDays(), stream.key(), removal));
        for (WorkerService worker : workers) {
            largeRecords.grantPut(worker.taskRole());
            largeRecords.workerEnvironment().forEach(worker::addEnvironment);
        }
        if (consumers != null && consumers.function() != null) {
            largeRecords.grantRead(consumers.function().getRole());
        }
        output("LargeRecordBucketName", largeRecords.bucket().getBucketName(),
                "Records too large for the stream (worker.oversize s3), under " + LargeRecordBucket.PREFIX);
        output("LargeRecordKeyArn", largeRecords.key().getKeyArn(),
                "KMS key of the large-record bucket: a consumer needs kms:Decrypt on it and s3:GetObject on the prefix");
    }

    private static String joined(TableGroups groups, String base) {
        return String.join(",", groups.names().stream().map(group -> TableGroups.nameFor(base, group)).toList());
    }

    /** No context lookup: the zones come from the config (default: the region's a and b). */
    @Override
    public List<String> getAvailabilityZones() {
        return availabilityZones;
    }

    public DeploymentConfig config() {
        return config;
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    /** The worker's selection files in the image and the digests of the files synth read from the repository. */
    private static WorkerService.SelectionFiles selectionFiles(Props props, TableGroups groups) {
        DeploymentConfig config = props.config();
        String mappings = TableGroupsSetting.inImage(config.tableMappingsPath());
        if (groups == null) {
            return new WorkerService.SelectionFiles(mappings, props.mappings().sha256(), null, null);
        }
        TableGroupsSetting setting = config.worker().tableGroups();
        Path file = RepoPaths.root().resolve(setting.path());
        try {
            return new WorkerService.SelectionFiles(mappings, props.mappings().sha256(), setting.pathInImage(),
                    FileDigest.sha256(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new ConfigException(setting.key() + " " + file + " cannot be read: " + e.getMessage());
        }
    }

}
