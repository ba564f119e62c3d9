package io.slot2kinesis.infra.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Optional consumers of the stream ({@code consumers} in an environment; absent: none).
 *
 * @param fanOut enhanced fan-out consumers to register on the stream, by name: each gets its own 2 MB/s per shard
 *               (a KCL application, or anything that calls SubscribeToShard, reads through it)
 * @param lambda an AWS Lambda function fed by an event source mapping, or null
 */
public record ConsumersConfig(List<String> fanOut, LambdaConsumer lambda) {

    /**
     * A Lambda function built on {@code consumer-lambda} ({@code KinesisChangeHandler}), fed by an event source
     * mapping that bisects failing batches, reports batch item failures and sends what still fails to an SQS queue.
     *
     * @param code                 the function's jar, relative to the repository root
     * @param handler              its handler class ({@code com.example.OrdersHandler})
     * @param memoryMiB            memory
     * @param timeoutSeconds       timeout of one invocation
     * @param batchSize            records per invocation
     * @param maximumRetryAttempts retries of a failing batch (halved each time) before it goes to the queue
     * @param enhancedFanOut       read through a dedicated enhanced fan-out consumer instead of shared throughput
     */
    public record LambdaConsumer(String code, String handler, int memoryMiB, int timeoutSeconds, int batchSize,
            int maximumRetryAttempts, boolean enhancedFanOut) {
    }

    /** No consumers. */
    public static final ConsumersConfig NONE = new ConsumersConfig(List.of(), null);

    /** The name of the enhanced fan-out consumer the Lambda reads through. */
    public static final String LAMBDA_FAN_OUT = "lambda";

    public boolean any() {
        return !fanOut.isEmpty() || lambda != null;
    }

    static ConsumersConfig read(ConfigReader consumers) {
        List<String> fanOut = consumers.strings("fanOut");
        Set<String> seen = new HashSet<>();
        for (String name : fanOut) {
            // Kinesis RegisterStreamConsumer: ConsumerName 1..128 of [a-zA-Z0-9_.-]
            if (!name.matches("[a-zA-Z0-9_.-]{1,128}")) {
                throw new ConfigException(consumers.key("fanOut") + " '" + name + "' is not a consumer name: use 1 to"
                        + " 128 letters, digits, '_', '.' or '-'");
            }
            if (!seen.add(name)) {
                throw new ConfigException(consumers.key("fanOut") + " lists '" + name + "' twice: use each name once");
            }
        }
        LambdaConsumer lambda = null;
        if (consumers.has("lambda")) {
            ConfigReader fn = consumers.object("lambda");
            boolean enhancedFanOut = fn.bool("enhancedFanOut", false);
            if (enhancedFanOut && seen.contains(LAMBDA_FAN_OUT)) {
                throw new ConfigException(consumers.key("fanOut") + " lists '" + LAMBDA_FAN_OUT + "', the name of the"
                        + " Lambda's own fan-out consumer: use another name");
            }
            lambda = new LambdaConsumer(
                    fn.string("code", "the path of the function's jar, relative to the repository root"),
                    fn.matching("handler", "[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*(::[A-Za-z_$][\\w$]*)?",
                            "a Java class name like com.example.OrdersHandler"),
                    fn.integer("memoryMiB", 512, 128, 10240),
                    fn.integer("timeoutSeconds", 60, 1, 900),
                    fn.integer("batchSize", 100, 1, 10000),
                    fn.integer("maximumRetryAttempts", 10, 0, 10000),
                    enhancedFanOut);
        }
        return new ConsumersConfig(List.copyOf(fanOut), lambda);
    }
}
