package io.slot2kinesis.kinesis;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.StreamDescriptionSummary;

/** What the worker needs to know about the stream before it writes. */
public record StreamDescription(String name, String arn, String status, int openShards, int maxRecordBytes) {
    /** Kinesis's default maximum record size (data + partition key) when the stream does not report one. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

    public static StreamDescription describe(KinesisClient client, StreamTarget target) {
        DescribeStreamSummaryRequest.Builder request = DescribeStreamSummaryRequest.builder();
        target.applyTo(request);
        StreamDescriptionSummary summary = client.describeStreamSummary(request.build()).streamDescriptionSummary();
        Integer maxKiB = summary.maxRecordSizeInKiB();
        return new StreamDescription(summary.streamName(), summary.streamARN(), summary.streamStatusAsString(),
                summary.openShardCount() == null ? 0 : summary.openShardCount(),
                maxKiB == null ? DEFAULT_MAX_RECORD_BYTES : maxKiB * 1024);
    }
}
