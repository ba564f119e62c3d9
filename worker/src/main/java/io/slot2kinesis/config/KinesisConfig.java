package io.slot2kinesis.config;

import java.net.URI;
import java.time.Duration;

/** Where and how records are put. */
public record KinesisConfig(
        String stream,
        String region,
        URI endpoint,
        int batchRecords,
        Duration batchLinger,
        int requestsInFlight,
        long bufferBytes,
        Duration retryMaxBackoff,
        Duration requestTimeout) {

    public static KinesisConfig from(SettingValues values) {
        String region = values.get(Settings.AWS_REGION);
        URI endpoint = values.get(Settings.KINESIS_ENDPOINT);
        if (region == null) {
            region = values.raw("AWS_DEFAULT_REGION");
        }
        if (region == null && endpoint != null) {
            region = "us-east-1";
        }
        if (region == null) {
            values.problem("AWS_REGION is required: the region of the stream, e.g. eu-west-1");
        }
        return new KinesisConfig(values.get(Settings.STREAM), region, endpoint, values.getOr(Settings.BATCH_RECORDS, 0),
                values.get(Settings.BATCH_LINGER), values.getOr(Settings.REQUESTS_IN_FLIGHT, 0),
                values.getOr(Settings.BUFFER_BYTES, 0L), values.get(Settings.RETRY_MAX_BACKOFF),
                values.get(Settings.REQUEST_TIMEOUT));
    }

    /** The stream's name, also when it was given as an ARN. */
    public String streamName() {
        int slash = stream.lastIndexOf('/');
        return stream.startsWith("arn:") && slash >= 0 ? stream.substring(slash + 1) : stream;
    }

    public boolean streamIsArn() {
        return stream.startsWith("arn:");
    }
}
