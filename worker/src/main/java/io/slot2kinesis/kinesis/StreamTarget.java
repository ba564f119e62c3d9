package io.slot2kinesis.kinesis;

import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;

/** The stream, given by name or by ARN (the ARN also names the account and region). */
public record StreamTarget(String nameOrArn) {
    public boolean isArn() {
        return nameOrArn.startsWith("arn:");
    }

    void applyTo(DescribeStreamSummaryRequest.Builder request) {
        if (isArn()) {
            request.streamARN(nameOrArn);
        } else {
            request.streamName(nameOrArn);
        }
    }

    void applyTo(PutRecordsRequest.Builder request) {
        if (isArn()) {
            request.streamARN(nameOrArn);
        } else {
            request.streamName(nameOrArn);
        }
    }

    @Override
    public String toString() {
        return nameOrArn;
    }
}
