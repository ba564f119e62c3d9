package io.slot2kinesis.customresource;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The control's create, update, rollback and delete paths against {@link DmsServerlessModel}, driven the way
 * CloudFormation and the CDK Provider framework drive them: onEvent, then isComplete once a minute until done, an
 * exception, or the provider's total timeout (58 minutes, under CloudFormation's one hour per custom resource).
 */
class DmsReplicationControlTest {
    static final Duration POLL = Duration.ofMinutes(1);
    static final Duration PROVIDER_TIMEOUT = Duration.ofMinutes(58);
    static final String ID = "slot2kinesis-dev";

    private final DmsServerlessModel dms = new DmsServerlessModel();
    private final List<String> log = new ArrayList<>();
    private final DmsReplicationControl control = new DmsReplicationControl(dms, dms.clock, log::add);

    /** One custom resource operation; SUCCESS carries the physical id, FAILED the reason. */
    record Outcome(boolean success, String physicalId, String reason, Duration took) {
    }

    private Outcome operate(String requestType, String action, String fingerprint, String physicalId) {
        Instant began = dms.clock.instant();
        DmsReplicationControl.Props props = new DmsReplicationControl.Props(action, ID, fingerprint);
        try {
            DmsReplicationControl.Response response = control.onEvent(requestType, physicalId, props);
            while (!control.isComplete(requestType, response.physicalId(), props, response.data())) {
                dms.clock.advance(POLL);
                if (Duration.between(began, dms.clock.instant()).compareTo(PROVIDER_TIMEOUT) > 0) {
                    return new Outcome(false, physicalId, "timed out", PROVIDER_TIMEOUT);
                }
            }
            return new Outcome(true, response.physicalId(), null, Duration.between(began, dms.clock.instant()));
        } catch (RuntimeException e) {
            return new Outcome(false, physicalId, e.getMessage(), Duration.between(began, dms.clock.instant()));
        }
    }

    /** First deploy: Pause, the config, Run, Running, in the template's dependency order. */
    private Map<String, Outcome> create(String fingerprint) {
        Outcome pause = operate("Create", "pause", fingerprint, null);
        dms.createConfig(ID);
        Outcome run = operate("Create", "run", fingerprint, null);
        Outcome running = run.success() ? operate("Create", "running", fingerprint, null) : null;
        return running == null ? Map.of("pause", pause, "run", run) : Map.of("pause", pause, "run", run, "running", running);
    }

    @Test
    void firstDeployWaitsThroughASixtyMinuteStartByHandingTheWaitFromRunToRunning() {
        dms.startTakes = Duration.ofMinutes(60);
        Map<String, Outcome> created = create("f1");
        assertThat(created.values()).allMatch(Outcome::success);
        assertThat(created.get("run").took()).isEqualTo(Duration.ofMinutes(50));
        assertThat(created.get("running").took()).isEqualTo(Duration.ofMinutes(10));
        assertThat(created.values()).allMatch(o -> o.took().compareTo(PROVIDER_TIMEOUT) <= 0);
        assertThat(dms.status()).isEqualTo("running");
        assertThat(dms.calls).containsExactly("StartReplication start-replication in created");
    }

    @Test
    void aStartThatFailsFailsTheDeployWithDmsReasonAndTheRollbackDeletesCleanly() {
        dms.failStartWith = "No tables were found at task initialization";
        Map<String, Outcome> created = create("f1");
        assertThat(created.get("run").success()).isTrue(); // handed over at 50 minutes
        assertThat(created.get("running").success()).isFalse();
        assertThat(created.get("running").reason()).contains("No tables were found at task initialization");
        assertThat(operate("Delete", "running", "f1", ID + "/running").success()).isTrue();
        Outcome rollback = operate("Delete", "run", "f1", ID + "/run");
        assertThat(rollback.success()).isTrue();
        dms.deleteConfig();
        assertThat(operate("Delete", "pause", "f1", ID + "/pause/f1/idle").success()).isTrue();
    }

    @Test
    void rollbackWhileProvisioningWaitsForTheStartInsteadOfAStopDmsRefusesThenStopsAndTheConfigDeletes() {
        dms.createConfig(ID);
        operate("Create", "run", "f1", null);
        // Run handed over after 50 minutes; another resource fails now, while DMS is still provisioning.
        assertThat(dms.status()).isEqualTo("provisioning_capacity");
        Outcome rollback = operate("Delete", "run", "f1", ID + "/run");
        assertThat(rollback.success()).isTrue();
        assertThat(dms.calls).containsExactly("StartReplication start-replication in created", "StopReplication in running");
        dms.deleteConfig();
        assertThat(dms.calls).endsWith("DeleteReplicationConfig");
    }

    @Test
    void rollbackRightAfterTheStartDoesNotCallStopWhileDmsIsProvisioning() {
        dms.createConfig(ID);
        control.onEvent("Create", null, new DmsReplicationControl.Props("run", ID, "f1"));
        dms.clock.advance(Duration.ofMinutes(45));
        assertThat(dms.status()).isEqualTo("provisioning_capacity");
        Outcome rollback = operate("Delete", "run", "f1", ID + "/run");
        assertThat(rollback.success()).isTrue();
        assertThat(rollback.took()).isGreaterThanOrEqualTo(Duration.ofMinutes(15));
        assertThat(dms.calls).doesNotContain("StopReplication in provisioning_capacity").contains("StopReplication in running");
        assertThat(dms.status()).isEqualTo("stopped");
    }

    @Test
    void settingsChangedWhileRunningStopBeforeTheConfigUpdateAndResumeAfter() {
        create("f1");
        Outcome pause = operate("Update", "pause", "f2", ID + "/pause/f1/idle");
        assertThat(pause.success()).isTrue();
        assertThat(pause.physicalId()).isEqualTo(ID + "/pause/f2/stopped");
        dms.modifyConfig();
        assertThat(operate("Update", "run", "f2", ID + "/run").success()).isTrue();
        assertThat(operate("Update", "running", "f2", ID + "/running").success()).isTrue();
        // cleanup phase: CloudFormation deletes the replaced Pause; the replication keeps running
        assertThat(operate("Delete", "pause", "f1", ID + "/pause/f1/idle").success()).isTrue();
        assertThat(dms.status()).isEqualTo("running");
        assertThat(dms.calls).containsSubsequence("StopReplication in running", "ModifyReplicationConfig",
                "StartReplication resume-processing in stopped");
        assertThat(dms.calls).noneMatch(call -> call.startsWith("StartReplication start-replication in stopped"));
    }

    @Test
    void aFailedConfigUpdateAfterPauseRestartsTheReplicationOnRollback() {
        create("f1");
        Outcome pause = operate("Update", "pause", "f2", ID + "/pause/f1/idle");
        assertThat(dms.status()).isEqualTo("stopped");
        // the ReplicationConfig update fails; CloudFormation rolls back and deletes the new Pause (a replacement)
        Outcome rollback = operate("Delete", "pause", "f2", pause.physicalId());
        assertThat(rollback.success()).isTrue();
        assertThat(dms.calls).endsWith("StartReplication resume-processing in stopped");
        dms.clock.advance(dms.startTakes);
        assertThat(dms.status()).isEqualTo("running");
    }

    @Test
    void anUpdateWhileTheLastStartIsStillProvisioningWaitsForItThenStops() {
        dms.createConfig(ID);
        operate("Create", "run", "f1", null); // handed over at 50 minutes
        Outcome pause = operate("Update", "pause", "f2", ID + "/pause/f1/idle");
        assertThat(pause.success()).isTrue();
        assertThat(dms.calls).doesNotContain("StopReplication in replication_starting").contains("StopReplication in running");
        dms.modifyConfig();
    }

    @Test
    void stackDeleteStopsTheReplicationSoTheConfigCanGoAndPauseFindsNothing() {
        create("f1");
        assertThat(operate("Delete", "running", "f1", ID + "/running").success()).isTrue();
        Outcome run = operate("Delete", "run", "f1", ID + "/run");
        assertThat(run.success()).isTrue();
        assertThat(dms.status()).isEqualTo("stopped");
        dms.deleteConfig();
        assertThat(operate("Delete", "pause", "f1", ID + "/pause/f1/idle").success()).isTrue();
        assertThat(operate("Delete", "pause", "f1", ID + "/pause/f1/stopped").success()).isTrue();
    }

    @Test
    void deleteOfAReplicationThatDoesNotExistSucceeds() {
        // a create that failed before the config existed, or a config deleted by hand: ResourceNotFoundFault
        assertThat(operate("Delete", "run", "f1", ID + "/run").success()).isTrue();
        assertThat(operate("Delete", "pause", "f1", ID + "/pause/f1/stopped").success()).isTrue();
        assertThat(dms.calls).isEmpty();
    }

    @Test
    void aRunThatCannotStartFailsWithTheReasonAndRollsBackWithoutAStop() {
        dms.failStartWith = "Test connection failed";
        dms.startTakes = Duration.ofMinutes(20);
        dms.createConfig(ID);
        Outcome run = operate("Create", "run", "f1", null);
        assertThat(run.success()).isFalse();
        assertThat(run.reason()).isEqualTo("DMS replication " + ID + " failed: FAILED; Test connection failed");
        assertThat(operate("Delete", "run", "f1", ID + "/run").success()).isTrue();
        dms.deleteConfig();
        assertThat(dms.calls).noneMatch(call -> call.startsWith("StopReplication"));
    }

    @Test
    void neverStartsFromACustomCdcPosition() {
        create("f1");
        assertThat(dms.calls).allMatch(call -> !call.contains("CdcStartPosition"));
        assertThat(dms.status()).isEqualTo("running");
    }
}
