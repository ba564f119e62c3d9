package io.slot2kinesis.deploy;

import io.slot2kinesis.infra.config.StreamConfig;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kinesis.model.DescribeLimitsResponse;
import software.amazon.awssdk.services.kinesis.model.ResourceNotFoundException;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;
import software.amazon.awssdk.services.kinesis.model.StreamMode;

/**
 * Kinesis DescribeLimits: a provisioned stream's shards fit under the account's shard limit (counting the open
 * shards of the stream when it already exists, DescribeStreamSummary), and a new on-demand stream under the
 * on-demand stream count limit.
 */
public final class KinesisQuotaCheck implements Check {

    private final AwsClients aws;
    private final StreamConfig stream;

    public KinesisQuotaCheck(AwsClients aws, StreamConfig stream) {
        this.aws = aws;
        this.stream = stream;
    }

    @Override
    public String name() {
        return "kinesis";
    }

    @Override
    public List<Finding> run() {
        DescribeLimitsResponse limits;
        StreamDescriptionSummary existing;
        try {
            limits = aws.kinesis().describeLimits();
        } catch (SdkException e) {
            return List.of(Finding.error(name(), "kinesis:DescribeLimits", e));
        }
        try {
            existing = aws.kinesis().describeStreamSummary(b -> b.streamName(stream.name())).streamDescriptionSummary();
        } catch (ResourceNotFoundException e) {
            existing = null;
        } catch (SdkException e) {
            return List.of(Finding.error(name(), "kinesis:DescribeStreamSummary " + stream.name(), e));
        }
        boolean existingOnDemand = existing != null && existing.streamModeDetails() != null
                && existing.streamModeDetails().streamMode() == StreamMode.ON_DEMAND;
        if (stream.onDemand()) {
            if (existing == null || !existingOnDemand) {
                int count = nz(limits.onDemandStreamCount());
                int limit = nz(limits.onDemandStreamCountLimit());
                if (count >= limit) {
                    return List.of(Finding.fail(name(), "the account has " + count + " of its " + limit + " on-demand streams"
                            + " in " + aws.region() + ": ask for a higher on-demand stream quota (Service Quotas) or"
                            + " set stream.capacity provisioned"));
                }
                return List.of(Finding.pass(name(), "on-demand streams " + count + " of " + limit));
            }
            return List.of(Finding.pass(name(), stream.name() + " exists, on-demand"));
        }
        int current = existing == null || existingOnDemand ? 0 : nz(existing.openShardCount());
        int open = nz(limits.openShardCount());
        int limit = nz(limits.shardLimit());
        int after = open - current + stream.shards();
        if (after > limit) {
            return List.of(Finding.fail(name(), stream.name() + " needs " + stream.shards() + " shards and the account has "
                    + open + " of its " + limit + " open in " + aws.region() + ": ask for a higher shard quota"
                    + " (Service Quotas) or lower stream.shards"));
        }
        return List.of(Finding.pass(name(), "shards after deploy " + after + " of " + limit));
    }

    private static int nz(Integer value) {
        return value == null ? 0 : value;
    }
}
