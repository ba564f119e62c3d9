package io.slot2kinesis.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryRequest;
import software.amazon.awssdk.services.kinesis.model.DescribeStreamSummaryResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;

/** The real emulator client, with a switch that makes every PutRecords fail as if Kinesis were unreachable. */
final class SwitchableKinesis implements KinesisClient {
    private final KinesisClient delegate;
    final AtomicBoolean unreachable = new AtomicBoolean();

    SwitchableKinesis(KinesisClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public PutRecordsResponse putRecords(PutRecordsRequest request) {
        if (unreachable.get()) {
            throw SdkClientException.create("simulated: Kinesis is unreachable");
        }
        return delegate.putRecords(request);
    }

    @Override
    public DescribeStreamSummaryResponse describeStreamSummary(DescribeStreamSummaryRequest request) {
        return delegate.describeStreamSummary(request);
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
