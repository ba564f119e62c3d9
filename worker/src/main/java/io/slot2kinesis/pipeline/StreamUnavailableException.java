package io.slot2kinesis.pipeline;

import io.slot2kinesis.config.KinesisConfig;
import io.slot2kinesis.kinesis.StreamTarget;

/** The stream cannot be described at start: wrong name, region, endpoint, credentials or permissions. */
public final class StreamUnavailableException extends RuntimeException {
    public StreamUnavailableException(StreamTarget target, KinesisConfig config, RuntimeException cause) {
        super("cannot describe Kinesis stream '" + target + "' in region " + config.region()
                + (config.endpoint() == null ? "" : " at " + config.endpoint()) + ": " + cause.getMessage()
                + " (check S2K_STREAM, AWS_REGION, AWS_ENDPOINT_URL_KINESIS, credentials and kinesis:DescribeStreamSummary)",
                cause);
    }
}
