package io.slot2kinesis.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The shipped cdk.json context, and one built app per environment and mode, shared by every test
 * class of the JVM (jsii is slow: build once, assert many times).
 */
public final class TestApps {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Built> BUILT = new ConcurrentHashMap<>();

    /** One synthesized environment: its stacks and the main stack's template. */
    public record Built(App.Stacks stacks, Template main) {
    }

    private TestApps() {
    }

    /** The {@code context} object of the repository's cdk.json, as the CLI would pass it. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> cdkJsonContext() {
        try {
            Map<String, Object> cdkJson = JSON.readValue(RepoPaths.resolve("cdk.json").toFile(), Map.class);
            return new LinkedHashMap<>((Map<String, Object>) cdkJson.get("context"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Built build(String env, String mode) {
        return BUILT.computeIfAbsent(env + "/" + mode, key -> {
            Map<String, Object> context = cdkJsonContext();
            context.put("env", env);
            context.put("mode", mode);
            software.amazon.awscdk.App app = new software.amazon.awscdk.App(AppProps.builder().context(context).build());
            App.Stacks stacks = App.build(app);
            return new Built(stacks, Template.fromStack(stacks.main()));
        });
    }
}
