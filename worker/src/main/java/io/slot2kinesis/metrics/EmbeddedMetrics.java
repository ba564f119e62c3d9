package io.slot2kinesis.metrics;

import java.io.PrintStream;

/**
 * Writes metrics as CloudWatch embedded metric format (EMF) lines on stdout: the ECS awslogs driver sends them to
 * CloudWatch Logs, which turns them into metrics with no agent.
 */
public final class EmbeddedMetrics {
    public static final String NAMESPACE = "slot2kinesis";
    private final PrintStream out;

    public EmbeddedMetrics(PrintStream out) {
        this.out = out;
    }

    public void publish(ProgressSnapshot snapshot, long timestampMillis) {
        StringBuilder line = new StringBuilder(512);
        line.append("{\"_aws\":{\"Timestamp\":").append(timestampMillis)
                .append(",\"CloudWatchMetrics\":[{\"Namespace\":\"").append(NAMESPACE)
                .append("\",\"Dimensions\":[[\"Slot\"]],\"Metrics\":[")
                .append("{\"Name\":\"RecordsPerSecond\",\"Unit\":\"Count/Second\"},")
                .append("{\"Name\":\"RecordsPublished\",\"Unit\":\"Count\"},")
                .append("{\"Name\":\"RecordsPending\",\"Unit\":\"Count\"},")
                .append("{\"Name\":\"OldestPendingAge\",\"Unit\":\"Milliseconds\"},")
                .append("{\"Name\":\"FailedEntries\",\"Unit\":\"Count\"}");
        if (snapshot.lagBytes() >= 0) {
            line.append(",{\"Name\":\"SlotLagBytes\",\"Unit\":\"Bytes\"}");
        }
        line.append("]}]},\"Slot\":\"").append(snapshot.slot().replace("\"", ""))
                .append("\",\"RecordsPerSecond\":").append(Math.round(snapshot.recordsPerSecond() * 10) / 10.0)
                .append(",\"RecordsPublished\":").append(snapshot.recordsAccepted())
                .append(",\"RecordsPending\":").append(snapshot.recordsPending())
                .append(",\"OldestPendingAge\":").append(snapshot.oldestPendingMillis())
                .append(",\"FailedEntries\":").append(snapshot.failedEntries());
        if (snapshot.lagBytes() >= 0) {
            line.append(",\"SlotLagBytes\":").append(snapshot.lagBytes());
        }
        line.append(",\"AcknowledgedLsn\":\"").append(snapshot.acknowledgedLsn()).append("\"}");
        out.println(line);
    }
}
