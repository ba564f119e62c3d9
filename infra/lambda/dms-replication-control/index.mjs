// Lifecycle of a DMS Serverless replication around CloudFormation updates (CDK Provider framework).
//   Pause (updated before the ReplicationConfig): Update stops a running replication and waits.
//   Run   (updated after it): Create starts it from the slot, Update resumes it, Delete stops it;
//          each waits for the state. A replication that has run is only ever resumed
//          (resume-processing), never restarted, so DMS keeps reading the same slot.
// The AWS SDK v3 comes with the Lambda Node.js runtime: nothing is bundled or downloaded.
import {
  DatabaseMigrationServiceClient,
  DescribeReplicationsCommand,
  StartReplicationCommand,
  StopReplicationCommand,
} from "@aws-sdk/client-database-migration-service";

const dms = new DatabaseMigrationServiceClient({});
const MODIFIABLE = new Set(["created", "stopped", "failed"]);

async function describe(configId) {
  const out = await dms.send(new DescribeReplicationsCommand({
    Filters: [{ Name: "replication-config-id", Values: [configId] }],
  }));
  return (out.Replications ?? [])[0];
}

function status(replication) {
  return replication?.Status ?? "created";
}

async function stopIfRunning(configId) {
  const replication = await describe(configId);
  const state = status(replication);
  if (!MODIFIABLE.has(state) && state !== "stopping") {
    console.log(`stopping ${configId} (status ${state})`);
    await dms.send(new StopReplicationCommand({ ReplicationConfigArn: replication.ReplicationConfigArn }));
  } else {
    console.log(`${configId} needs no stop (status ${state})`);
  }
}

async function startOrResume(props) {
  const replication = await describe(props.ReplicationConfigId);
  const state = status(replication);
  if (state === "created") {
    const request = { ReplicationConfigArn: props.ReplicationConfigArn, StartReplicationType: "start-replication" };
    if (props.CdcStartPosition) {
      request.CdcStartPosition = props.CdcStartPosition;
    }
    console.log(`starting ${props.ReplicationConfigId} from ${props.CdcStartPosition || "the slot"}`);
    await dms.send(new StartReplicationCommand(request));
  } else if (state === "stopped" || state === "failed") {
    console.log(`resuming ${props.ReplicationConfigId} (status ${state})`);
    await dms.send(new StartReplicationCommand({
      ReplicationConfigArn: props.ReplicationConfigArn,
      StartReplicationType: "resume-processing",
    }));
  } else {
    console.log(`${props.ReplicationConfigId} is already ${state}`);
  }
}

export async function onEvent(event) {
  const props = event.ResourceProperties;
  const physicalId = `${props.ReplicationConfigId}-${props.Action}`;
  if (props.Action === "pause" && event.RequestType === "Update") {
    await stopIfRunning(props.ReplicationConfigId);
  } else if (props.Action === "run" && event.RequestType === "Delete") {
    await stopIfRunning(props.ReplicationConfigId);
  } else if (props.Action === "run") {
    await startOrResume(props);
  }
  return { PhysicalResourceId: physicalId };
}

export async function isComplete(event) {
  const props = event.ResourceProperties;
  const waitsForStop = (props.Action === "pause" && event.RequestType === "Update")
    || (props.Action === "run" && event.RequestType === "Delete");
  const waitsForRun = props.Action === "run" && event.RequestType !== "Delete";
  if (!waitsForStop && !waitsForRun) {
    return { IsComplete: true };
  }
  const replication = await describe(props.ReplicationConfigId);
  const state = status(replication);
  console.log(`${props.ReplicationConfigId} status ${state}`);
  if (waitsForStop) {
    return { IsComplete: MODIFIABLE.has(state) };
  }
  if (state === "failed") {
    const why = [replication?.StopReason, ...(replication?.FailureMessages ?? [])].filter(Boolean).join("; ");
    throw new Error(`DMS replication ${props.ReplicationConfigId} failed: ${why || "no reason given"}`);
  }
  return { IsComplete: state === "running" };
}
