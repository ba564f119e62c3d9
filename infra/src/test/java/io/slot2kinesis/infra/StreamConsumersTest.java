package io.slot2kinesis.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.slot2kinesis.infra.config.ConfigException;
import io.slot2kinesis.infra.config.ConsumersConfig;
import io.slot2kinesis.infra.config.ConsumersConfig.LambdaConsumer;
import io.slot2kinesis.infra.constructs.StreamConsumers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.kinesis.Stream;
import software.amazon.awscdk.services.kinesis.StreamEncryption;

/** The optional consumers: fan-out registrations and the Lambda's event source mapping, clean under cdk-nag. */
class StreamConsumersTest {
    @TempDir
    static Path root;

    private static Stack stack(ConsumersConfig config) throws IOException {
        return stack(config, StreamEncryption.MANAGED);
    }

    private static Stack stack(ConsumersConfig config, StreamEncryption encryption) throws IOException {
        Path jar = root.resolve("app.jar");
        if (!Files.exists(jar)) {
            try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
                zip.putNextEntry(new JarEntry("com/example/OrdersHandler.class"));
                zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
                zip.closeEntry();
            }
        }
        Stack stack = new Stack(new software.amazon.awscdk.App(), "Consumers");
        Stream stream = Stream.Builder.create(stack, "Stream").encryption(encryption).build();
        new StreamConsumers(stack, "Consumers", new StreamConsumers.Props(config, "slot2kinesis-test", stream, root));
        return stack;
    }

    /** cdk-nag's findings in the construct (the test's own stream and key are not its business). */
    private static List<String> constructFindings(Stack stack) {
        return NagTest.findings(stack).stream().filter(finding -> finding.contains(" at Consumers/Consumers/")).toList();
    }

    private static LambdaConsumer lambda(boolean enhancedFanOut) {
        return new LambdaConsumer("app.jar", "com.example.OrdersHandler", 512, 60, 100, 5, enhancedFanOut);
    }

    @Test
    void registersFanOutConsumersAndWiresTheLambdaWithBisectRetriesItemFailuresAndAFailureQueue() throws IOException {
        Stack stack = stack(new ConsumersConfig(List.of("analytics"), lambda(false)));
        Template template = Template.fromStack(stack);

        template.resourceCountIs("AWS::Kinesis::StreamConsumer", 1);
        template.hasResourceProperties("AWS::Kinesis::StreamConsumer", Map.of("ConsumerName", "analytics",
                "StreamARN", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("Stream.*"), "Arn"))));
        template.hasResourceProperties("AWS::Lambda::Function", Map.of("Handler", "com.example.OrdersHandler",
                "Runtime", "java25", "MemorySize", 512, "Timeout", 60));
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("Stream.*"), "Arn")),
                "StartingPosition", "TRIM_HORIZON",
                "BatchSize", 100,
                "BisectBatchOnFunctionError", true,
                "MaximumRetryAttempts", 5,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ConsumersFailures.*"), "Arn"))))));
        template.hasResourceProperties("AWS::SQS::Queue", Map.of("SqsManagedSseEnabled", true,
                "MessageRetentionPeriod", 1209600));
        assertThat(constructFindings(stack)).isEmpty();
    }

    @Test
    void readsThroughItsOwnFanOutConsumerWhenAskedAndDecryptsACustomerManagedStream() throws IOException {
        Stack stack = stack(new ConsumersConfig(List.of(), lambda(true)), StreamEncryption.KMS);
        Template template = Template.fromStack(stack);

        template.hasResourceProperties("AWS::Kinesis::StreamConsumer",
                Map.of("ConsumerName", "slot2kinesis-test-lambda"));
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp("ConsumersFanOutlambda.*"),
                        "ConsumerARN")),
                "BisectBatchOnFunctionError", true,
                "FunctionResponseTypes", List.of("ReportBatchItemFailures")));
        assertThat(template.toJSON().toString()).contains("kms:Decrypt");
        assertThat(constructFindings(stack)).isEmpty();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStackAddsTheConsumersItsEnvironmentAsksFor() throws IOException {
        stack(ConsumersConfig.NONE); // writes the jar
        Map<String, Object> context = TestApps.cdkJsonContext();
        Map<String, Object> environments = new java.util.LinkedHashMap<>((Map<String, Object>) context.get("environments"));
        Map<String, Object> dev = new java.util.LinkedHashMap<>((Map<String, Object>) environments.get("dev"));
        dev.put("consumers", Map.of("fanOut", List.of("analytics"), "lambda", Map.of(
                "code", root.resolve("app.jar").toString(), "handler", "com.example.OrdersHandler")));
        environments.put("dev", dev);
        context.put("environments", environments);
        context.put("env", "dev");
        App.Stacks stacks = App.build(new software.amazon.awscdk.App(
                software.amazon.awscdk.AppProps.builder().context(context).build()));
        Template template = Template.fromStack(stacks.main());

        template.resourceCountIs("AWS::Kinesis::StreamConsumer", 1);
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping",
                Map.of("FunctionResponseTypes", List.of("ReportBatchItemFailures")));
        template.hasOutput("ConsumerFunctionName", Match.anyValue());
        template.hasOutput("ConsumerFailuresQueueUrl", Match.anyValue());
        assertThat(NagTest.findings(stacks.main())).isEmpty();
    }

    @Test
    void aMissingJarStopsSynthNamingIt() {
        ConsumersConfig config = new ConsumersConfig(List.of(),
                new LambdaConsumer("missing.jar", "com.example.OrdersHandler", 512, 60, 100, 5, false));
        Stack stack = new Stack(new software.amazon.awscdk.App(), "Missing");
        Stream stream = Stream.Builder.create(stack, "Stream").encryption(StreamEncryption.MANAGED).build();
        assertThat(assertThrows(ConfigException.class, () -> new StreamConsumers(stack, "Consumers",
                new StreamConsumers.Props(config, "x", stream, root))).getMessage())
                .startsWith("consumers.lambda.code 'missing.jar' is not a file");
    }

    @Test
    void noConsumersNoResources() throws IOException {
        Template template = Template.fromStack(stack(ConsumersConfig.NONE));
        template.resourceCountIs("AWS::Kinesis::StreamConsumer", 0);
        template.resourceCountIs("AWS::Lambda::Function", 0);
    }
}
