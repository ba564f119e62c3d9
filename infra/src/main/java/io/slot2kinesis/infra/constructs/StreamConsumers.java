package io.slot2kinesis.infra.constructs;

import io.slot2kinesis.infra.config.ConfigException;
import io.slot2kinesis.infra.config.ConsumersConfig;
import io.slot2kinesis.infra.config.ConsumersConfig.LambdaConsumer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Validations;
import software.amazon.awscdk.services.kinesis.IStream;
import software.amazon.awscdk.services.kinesis.StreamConsumer;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.eventsources.KinesisConsumerEventSource;
import software.amazon.awscdk.services.lambda.eventsources.KinesisEventSource;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * The stream's optional consumers ({@code consumers} in cdk.json): enhanced fan-out consumer registrations
 * ({@code AWS::Kinesis::StreamConsumer}), and a Lambda function on {@code consumer-lambda} fed by an event source
 * mapping that starts at the oldest record, bisects a failing batch, takes the handler's batch item failures, and
 * sends the batches that still fail after the retries to an SQS queue (their shard, sequence numbers and the
 * reason, not the records: read them from the stream within its retention).
 */
public final class StreamConsumers extends Construct {

    /**
     * @param repositoryRoot where the Lambda's {@code code} path starts
     */
    public record Props(ConsumersConfig config, String namePrefix, IStream stream, Path repositoryRoot) {
    }

    private final List<StreamConsumer> fanOut = new ArrayList<>();
    private final Function function;
    private final Queue failures;

    public StreamConsumers(Construct scope, String id, Props props) {
        super(scope, id);
        for (String name : props.config().fanOut()) {
            fanOut.add(StreamConsumer.Builder.create(this, "FanOut-" + name)
                    .stream(props.stream())
                    .streamConsumerName(name)
                    .build());
        }
        LambdaConsumer lambda = props.config().lambda();
        if (lambda == null) {
            function = null;
            failures = null;
            return;
        }
        Path code = props.repositoryRoot().resolve(lambda.code()).normalize();
        if (!Files.isRegularFile(code)) {
            throw new ConfigException("consumers.lambda.code '" + lambda.code() + "' is not a file (" + code
                    + "): build the function's jar first, with consumer-lambda and your KinesisChangeHandler in it");
        }
        failures = Queue.Builder.create(this, "Failures")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        function = Function.Builder.create(this, "Function")
                .description("Consumer of " + props.namePrefix() + "'s change stream")
                .runtime(Runtime.JAVA_25)
                .code(Code.fromAsset(code.toString()))
                .handler(lambda.handler())
                .memorySize(lambda.memoryMiB())
                .timeout(Duration.seconds(lambda.timeoutSeconds()))
                .logGroup(LogGroup.Builder.create(this, "Logs").retention(RetentionDays.ONE_MONTH).build())
                .build();
        SqsDlq onFailure = new SqsDlq(failures);
        if (lambda.enhancedFanOut()) {
            StreamConsumer consumer = StreamConsumer.Builder.create(this, "FanOut-" + ConsumersConfig.LAMBDA_FAN_OUT)
                    .stream(props.stream())
                    .streamConsumerName(props.namePrefix() + "-" + ConsumersConfig.LAMBDA_FAN_OUT)
                    .build();
            fanOut.add(consumer);
            function.addEventSource(KinesisConsumerEventSource.Builder.create(consumer)
                    .startingPosition(StartingPosition.TRIM_HORIZON)
                    .batchSize(lambda.batchSize())
                    .bisectBatchOnError(true)
                    .reportBatchItemFailures(true)
                    .retryAttempts(lambda.maximumRetryAttempts())
                    .onFailure(onFailure)
                    .build());
        } else {
            function.addEventSource(KinesisEventSource.Builder.create(props.stream())
                    .startingPosition(StartingPosition.TRIM_HORIZON)
                    .batchSize(lambda.batchSize())
                    .bisectBatchOnError(true)
                    .reportBatchItemFailures(true)
                    .retryAttempts(lambda.maximumRetryAttempts())
                    .onFailure(onFailure)
                    .build());
        }
        acknowledge(function, "IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
                "Lambda execution roles use the AWS managed basic policy: it only lets the function write its own logs");
        acknowledge(failures, "SQS3",
                "This queue is itself the dead-letter destination of the event source mapping (failed batches' metadata)");
    }

    /** The enhanced fan-out consumers, the Lambda's included. */
    public List<StreamConsumer> fanOut() {
        return List.copyOf(fanOut);
    }

    /** The Lambda function, or null. */
    public Function function() {
        return function;
    }

    /** The on-failure destination of the Lambda's event source mapping, or null. */
    public Queue failures() {
        return failures;
    }

    private static void acknowledge(IConstruct scope, String rule, String reason) {
        Validations.of(scope).acknowledge(Acknowledgment.builder().id("AwsSolutions-" + rule).reason(reason).build());
    }
}
