package io.slot2kinesis.infra.constructs;

import io.slot2kinesis.infra.config.StreamConfig;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.kinesis.CfnStream;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;
import software.amazon.awscdk.services.kinesis.StreamMode;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.kms.Key;
import software.constructs.Construct;

/** The Kinesis data stream the row changes go to, KMS-encrypted, sized per environment. */
public final class ChangeStream extends Construct {

    public record Props(StreamConfig config, RemovalPolicy removalPolicy) {
    }

    private final Stream stream;
    private final Key key;

    public ChangeStream(Construct scope, String id, Props props) {
        super(scope, id);
        StreamConfig config = props.config();
        key = config.customerManagedKey()
                ? Key.Builder.create(this, "Key")
                        .description("Encrypts the slot2kinesis stream " + config.name())
                        .enableKeyRotation(true)
                        .removalPolicy(props.removalPolicy())
                        .build()
                : null;
        Stream.Builder builder = Stream.Builder.create(this, "Stream")
                .streamName(config.name())
                .retentionPeriod(Duration.hours(config.retentionHours()))
                .removalPolicy(props.removalPolicy());
        if (config.onDemand()) {
            builder.streamMode(StreamMode.ON_DEMAND);
        } else {
            builder.streamMode(StreamMode.PROVISIONED).shardCount(config.shards());
        }
        if (key != null) {
            builder.encryption(StreamEncryption.KMS).encryptionKey(key);
        } else {
            builder.encryption(StreamEncryption.MANAGED);
        }
        stream = builder.build();
        // The L2 has no property for the record size limit (up to 10 MiB); set it on the L1.
        ((CfnStream) stream.getNode().getDefaultChild()).setMaxRecordSizeInKiB(config.maxRecordSizeKiB());
    }

    public IStream stream() {
        return stream;
    }

    /** The customer managed key, or null when the stream uses {@code alias/aws/kinesis}. */
    public IKey key() {
        return key;
    }

    /**
     * Lets a producer describe this stream and put records, and generate data keys with its key (no
     * wildcard KMS actions, unlike the L2's grantWrite); nothing else.
     */
    public void grantWrite(IGrantable producer) {
        stream.grant(producer, "kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:ListShards",
                "kinesis:PutRecord", "kinesis:PutRecords");
        if (key != null) {
            key.grant(producer, "kms:GenerateDataKey");
        }
    }
}
