package io.slot2kinesis.infra.constructs;

import io.slot2kinesis.infra.config.AlarmsConfig;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.kms.Alias;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Alarms for what loses or delays changes: slot lag (WAL held back), the worker down or crash-looping,
 * DMS CDC latency, Kinesis write throttling. They notify an SNS topic when the environment has one.
 */
public final class Alarms extends Construct {

    public record Props(String prefix, AlarmsConfig config) {
    }

    private final Props props;
    private final Topic topic;
    private final List<Alarm> alarms = new ArrayList<>();

    public Alarms(Construct scope, String id, Props props) {
        super(scope, id);
        this.props = props;
        if (props.config().createTopic()) {
            topic = Topic.Builder.create(this, "Topic")
                    .displayName(props.prefix() + " alarms")
                    .enforceSsl(true)
                    .masterKey(Alias.fromAliasName(this, "SnsKey", "alias/aws/sns"))
                    .build();
            if (props.config().topicEmail() != null) {
                topic.addSubscription(new EmailSubscription(props.config().topicEmail()));
            }
        } else {
            topic = null;
        }
    }

    public void slotLag(String id, IMetric lagBytes) {
        add(id, "WAL held back by the replication slot exceeds " + props.config().slotLagBytes()
                        + " bytes: the capture is stuck or too slow, and the disk fills until max_slot_wal_keep_size invalidates the slot",
                lagBytes, props.config().slotLagBytes(), ComparisonOperator.GREATER_THAN_THRESHOLD, 3, TreatMissingData.NOT_BREACHING);
    }

    /** Aurora: disk the replication slots' files use on the writer. */
    public void slotDiskUsage(String id, IMetric bytes) {
        add(id, "Replication slots use more than " + props.config().slotLagBytes()
                        + " bytes of storage on the writer: the capture is stuck or too slow, and Aurora keeps the WAL until it catches up",
                bytes, props.config().slotLagBytes(), ComparisonOperator.GREATER_THAN_THRESHOLD, 3, TreatMissingData.NOT_BREACHING);
    }

    public void workerDown(IMetric runningTasks) {
        workerDown("WorkerDown", "The slot2kinesis worker", runningTasks);
    }

    /** One per table group: {@code what} names the group's worker. */
    public void workerDown(String id, String what, IMetric runningTasks) {
        add(id, what + " has had no running task for 3 minutes (stopped or crash-looping)",
                runningTasks, 1, ComparisonOperator.LESS_THAN_THRESHOLD, 3, TreatMissingData.BREACHING);
    }

    public void cdcLatency(String id, IMetric latencySeconds) {
        add(id, "DMS CDC latency above " + props.config().cdcLatencySeconds() + " s",
                latencySeconds, props.config().cdcLatencySeconds(), ComparisonOperator.GREATER_THAN_THRESHOLD, 3,
                TreatMissingData.NOT_BREACHING);
    }

    public void writeThrottling(IMetric throttledWrites) {
        add("StreamWriteThrottled", "Kinesis rejected writes for throughput (WriteProvisionedThroughputExceeded)",
                throttledWrites, 0, ComparisonOperator.GREATER_THAN_THRESHOLD, 3, TreatMissingData.NOT_BREACHING);
    }

    public List<Alarm> alarms() {
        return List.copyOf(alarms);
    }

    private void add(String id, String description, IMetric metric, double threshold, ComparisonOperator operator,
            int periods, TreatMissingData missing) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .alarmName(props.prefix() + "-" + id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .comparisonOperator(operator)
                .evaluationPeriods(periods)
                .treatMissingData(missing)
                .build();
        if (topic != null) {
            alarm.addAlarmAction(new SnsAction(topic));
        }
        alarms.add(alarm);
    }
}
