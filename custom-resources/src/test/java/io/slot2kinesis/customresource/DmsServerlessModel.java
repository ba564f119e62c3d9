package io.slot2kinesis.customresource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.databasemigration.model.DescribeReplicationsRequest;
import software.amazon.awssdk.services.databasemigration.model.DescribeReplicationsResponse;
import software.amazon.awssdk.services.databasemigration.model.InvalidResourceStateException;
import software.amazon.awssdk.services.databasemigration.model.Replication;
import software.amazon.awssdk.services.databasemigration.model.ResourceNotFoundException;
import software.amazon.awssdk.services.databasemigration.model.StartReplicationRequest;
import software.amazon.awssdk.services.databasemigration.model.StartReplicationResponse;
import software.amazon.awssdk.services.databasemigration.model.StopReplicationRequest;
import software.amazon.awssdk.services.databasemigration.model.StopReplicationResponse;

/**
 * DMS Serverless as the documentation describes it, behind the SDK's client interface, on a clock the test moves:
 * <ul>
 * <li>a start walks initializing, preparing_metadata_resources, testing_connection, fetching_metadata,
 * calculating_capacity, provisioning_capacity, replication_starting, then running (Serverless components page);
 * the whole walk takes {@link #startTakes} (40 to 60 minutes are seen), or ends in failed;</li>
 * <li>{@code start-replication} only from created; {@code resume-processing} from stopped or failed;</li>
 * <li>StopReplication only while running: refused while a start is in progress; stopping then stopped;</li>
 * <li>the config (what CloudFormation's ReplicationConfig does) can be modified only in created, stopped or failed,
 * deleted only in stopped or failed (limitations page); we also let a never-started (created) config be deleted;</li>
 * <li>DescribeReplications of a config that does not exist: ResourceNotFoundFault.</li>
 * </ul>
 */
final class DmsServerlessModel implements DatabaseMigrationClient {
    static final List<String> START_PHASES = List.of("initializing", "preparing_metadata_resources", "testing_connection",
            "fetching_metadata", "calculating_capacity", "provisioning_capacity", "replication_starting");
    static final String ARN = "arn:aws:dms:eu-west-1:111111111111:replication-config:ABC";

    final MovableClock clock = new MovableClock();
    final List<String> calls = new ArrayList<>();
    Duration startTakes = Duration.ofMinutes(60);
    Duration stopTakes = Duration.ofMinutes(3);
    String failStartWith;
    private String configId;
    private String settled = "absent";
    private String target;
    private Instant transitionStart;
    private Duration transitionTakes;

    void createConfig(String id) {
        configId = id;
        settled = "created";
    }

    void modifyConfig() {
        String state = status();
        if (!List.of("created", "stopped", "failed").contains(state)) {
            throw new IllegalStateException("ReplicationConfig update refused: replication is " + state);
        }
        calls.add("ModifyReplicationConfig");
    }

    void deleteConfig() {
        String state = status();
        if (!List.of("created", "stopped", "failed").contains(state)) {
            throw new IllegalStateException("ReplicationConfig delete refused: replication is " + state);
        }
        calls.add("DeleteReplicationConfig");
        settled = "absent";
        target = null;
    }

    String status() {
        if (target == null) {
            return settled;
        }
        Duration elapsed = Duration.between(transitionStart, clock.instant());
        if (elapsed.compareTo(transitionTakes) >= 0) {
            settled = target;
            target = null;
            return settled;
        }
        if (target.equals("stopped")) {
            return "stopping";
        }
        int phase = (int) (elapsed.toMillis() * START_PHASES.size() / transitionTakes.toMillis());
        return START_PHASES.get(phase);
    }

    @Override
    public DescribeReplicationsResponse describeReplications(DescribeReplicationsRequest request) {
        String state = status();
        if (state.equals("absent") || !request.filters().get(0).values().contains(configId)) {
            throw ResourceNotFoundException.builder().message("Replication not found").build();
        }
        Replication.Builder replication = Replication.builder()
                .replicationConfigIdentifier(configId).replicationConfigArn(ARN).status(state);
        if (state.equals("failed")) {
            replication.stopReason("FAILED").failureMessages(failStartWith);
        }
        return DescribeReplicationsResponse.builder().replications(replication.build()).build();
    }

    @Override
    public StartReplicationResponse startReplication(StartReplicationRequest request) {
        String state = status();
        calls.add("StartReplication " + request.startReplicationType() + " in " + state);
        boolean allowed = "start-replication".equals(request.startReplicationType())
                ? state.equals("created") : state.equals("stopped") || state.equals("failed");
        if (!allowed || !ARN.equals(request.replicationConfigArn())) {
            throw InvalidResourceStateException.builder().message("Replication is " + state).build();
        }
        if (request.cdcStartPosition() != null || request.cdcStartTime() != null) {
            throw InvalidResourceStateException.builder().message("DMS Serverless does not support custom CDC start points").build();
        }
        transition(failStartWith == null ? "running" : "failed", startTakes);
        return StartReplicationResponse.builder().build();
    }

    @Override
    public StopReplicationResponse stopReplication(StopReplicationRequest request) {
        String state = status();
        calls.add("StopReplication in " + state);
        if (!state.equals("running")) {
            throw InvalidResourceStateException.builder().message("Replication is " + state + ": it cannot be stopped").build();
        }
        transition("stopped", stopTakes);
        return StopReplicationResponse.builder().build();
    }

    private void transition(String to, Duration takes) {
        target = to;
        transitionStart = clock.instant();
        transitionTakes = takes;
    }

    @Override
    public String serviceName() {
        return "dms";
    }

    @Override
    public void close() {
    }

    static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
