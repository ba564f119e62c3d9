package io.slot2kinesis.customresource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;
import software.amazon.awssdk.services.databasemigration.model.Replication;
import software.amazon.awssdk.services.databasemigration.model.ResourceNotFoundException;

/**
 * The lifecycle of one DMS Serverless replication around CloudFormation, for three custom resources driven by the
 * CDK Provider framework ({@code onEvent} acts, {@code isComplete} polls):
 * <ul>
 * <li>{@code pause}, updated before the ReplicationConfig: stops a running replication and waits until it can be
 * modified. Its physical id carries the fingerprint and whether it stopped one, so a changed fingerprint is a
 * replacement: the rollback of a failed update deletes the new Pause, which resumes what it stopped.</li>
 * <li>{@code run}, after the config: starts (never with a CDC start position: DMS Serverless has none) or resumes
 * it and waits for {@code running}; after {@link #HAND_OVER} still starting, it hands the wait to {@code running},
 * since one custom resource operation may last one hour at most. Delete waits until a start is through, stops a
 * running replication and waits until DMS may delete the config.</li>
 * <li>{@code running}, after run: waits for {@code running}; fails on {@code failed}.</li>
 * </ul>
 * DMS Serverless (limitations page): a config can be modified only in created, stopped or failed, deleted only in
 * stopped or failed; a start goes through initializing ... provisioning capacity before running, and StopReplication
 * is refused until then.
 */
public final class DmsReplicationControl {

    /** Statuses in which DMS accepts a config change (and, but for created, a delete). */
    static final Set<String> MODIFIABLE = Set.of("created", "stopped", "failed");
    /** A Run still waiting after this hands over to Running: the provider gives up at 58 min, CloudFormation at 60. */
    static final Duration HAND_OVER = Duration.ofMinutes(50);
    static final String ABSENT = "absent";

    /** The resource's properties: {@code Action} pause, run or running; the config's identifier; the fingerprint. */
    public record Props(String action, String configId, String fingerprint) {
    }

    /** What onEvent answers; {@code data} becomes the resource's attributes and is handed to isComplete. */
    public record Response(String physicalId, Map<String, String> data) {
    }

    private final DatabaseMigrationClient dms;
    private final Clock clock;
    private final Consumer<String> log;

    public DmsReplicationControl(DatabaseMigrationClient dms, Clock clock, Consumer<String> log) {
        this.dms = dms;
        this.clock = clock;
        this.log = log;
    }

    public Response onEvent(String requestType, String physicalId, Props props) {
        String state = status(props.configId());
        log.accept(requestType + " " + props.action() + " " + props.configId() + ": status " + state);
        String started = clock.instant().toString();
        return switch (props.action()) {
            case "pause" -> switch (requestType) {
                case "Create" -> new Response(pauseId(props, false), Map.of());
                case "Update" -> new Response(pauseId(props, !state.equals(ABSENT) && !MODIFIABLE.contains(state)),
                        Map.of("StartedAt", started));
                default -> {
                    if (physicalId.endsWith("/stopped") && state.equals("stopped")) {
                        resume(props.configId());
                    }
                    yield new Response(physicalId, Map.of());
                }
            };
            case "run" -> {
                if (!requestType.equals("Delete")) {
                    startOrResume(props.configId(), state);
                }
                yield new Response(props.configId() + "/run", Map.of("StartedAt", started));
            }
            case "running" -> new Response(props.configId() + "/running", Map.of("StartedAt", started));
            default -> throw new IllegalArgumentException("Action '" + props.action() + "' is not known: use pause, run or running");
        };
    }

    /** True when the operation is done; throws when it cannot be. {@code data} is what onEvent answered. */
    public boolean isComplete(String requestType, String physicalId, Props props, Map<String, String> data) {
        String state = status(props.configId());
        log.accept(requestType + " " + props.action() + " " + props.configId() + ": status " + state);
        boolean delete = requestType.equals("Delete");
        return switch (props.action()) {
            case "pause" -> delete
                    ? !physicalId.endsWith("/stopped") || !state.equals("stopped")
                    : requestType.equals("Create") || stoppedForChange(props.configId(), state);
            case "run" -> delete ? stoppedForDelete(props.configId(), state) : runningOrHandedOver(props, state, data);
            case "running" -> delete || running(props, state);
            default -> throw new IllegalArgumentException("Action '" + props.action() + "' is not known: use pause, run or running");
        };
    }

    private static String pauseId(Props props, boolean stopped) {
        return props.configId() + "/pause/" + props.fingerprint() + (stopped ? "/stopped" : "/idle");
    }

    /** Until modifiable: a running replication is stopped, a start in progress is waited for (DMS refuses the stop). */
    private boolean stoppedForChange(String configId, String state) {
        if (state.equals(ABSENT) || MODIFIABLE.contains(state)) {
            return true;
        }
        if (state.equals("running")) {
            stop(configId);
        }
        return false;
    }

    /** Until deletable: as for a change; gone counts as done (a failed create, or deleted by hand). */
    private boolean stoppedForDelete(String configId, String state) {
        return stoppedForChange(configId, state);
    }

    private boolean runningOrHandedOver(Props props, String state, Map<String, String> data) {
        if (running(props, state)) {
            return true;
        }
        Duration waited = Duration.between(Instant.parse(data.get("StartedAt")), clock.instant());
        if (waited.compareTo(HAND_OVER) >= 0 && !MODIFIABLE.contains(state)) {
            log.accept(props.configId() + " still " + state + " after " + waited.toMinutes() + " min: the Running resource waits on");
            return true;
        }
        return false;
    }

    private boolean running(Props props, String state) {
        switch (state) {
            case "running" -> {
                return true;
            }
            case "failed" -> throw new IllegalStateException("DMS replication " + props.configId() + " failed: " + reasons(props.configId()));
            case ABSENT -> throw new IllegalStateException("DMS replication config " + props.configId() + " does not exist");
            case "stopped" -> {
                if (props.action().equals("running")) {
                    throw new IllegalStateException("DMS replication " + props.configId() + " stopped while starting: "
                            + reasons(props.configId()));
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private void startOrResume(String configId, String state) {
        switch (state) {
            case "created" -> start(configId, "start-replication");
            case "stopped", "failed" -> start(configId, "resume-processing");
            case ABSENT -> throw new IllegalStateException("DMS replication config " + configId + " does not exist");
            default -> log.accept(configId + " is " + state + ": nothing to start");
        }
    }

    private void resume(String configId) {
        log.accept("rollback: resuming " + configId + ", which this Pause stopped");
        start(configId, "resume-processing");
    }

    private void start(String configId, String type) {
        log.accept("StartReplication " + configId + " " + type);
        dms.startReplication(r -> r.replicationConfigArn(arn(configId)).startReplicationType(type));
    }

    private void stop(String configId) {
        log.accept("StopReplication " + configId);
        dms.stopReplication(r -> r.replicationConfigArn(arn(configId)));
    }

    /** The replication's status in lower case, or {@link #ABSENT} when DMS knows no replication of that config. */
    String status(String configId) {
        Replication replication = replication(configId);
        return replication == null ? ABSENT : replication.status() == null ? "created" : replication.status();
    }

    private String arn(String configId) {
        Replication replication = replication(configId);
        if (replication == null) {
            throw new IllegalStateException("DMS replication config " + configId + " does not exist");
        }
        return replication.replicationConfigArn();
    }

    private String reasons(String configId) {
        Replication replication = replication(configId);
        List<String> reasons = new ArrayList<>();
        if (replication != null) {
            if (replication.stopReason() != null) {
                reasons.add(replication.stopReason());
            }
            reasons.addAll(replication.failureMessages());
        }
        return reasons.isEmpty() ? "no reason given (see the replication's CloudWatch logs)" : String.join("; ", reasons);
    }

    private Replication replication(String configId) {
        try {
            List<Replication> found = dms.describeReplications(r -> r.filters(f -> f.name("replication-config-id").values(configId)))
                    .replications();
            return found.isEmpty() ? null : found.get(0);
        } catch (ResourceNotFoundException e) {
            return null;
        }
    }
}
