package io.slot2kinesis.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.infra.constructs.WorkerService;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * A worker deploy runs an image it can name: synth without one still works (tests, ./dev synth), but the template
 * carries a rule that makes CloudFormation refuse the deploy with one line naming the context key.
 */
class WorkerImageTest {

    private static App.Stacks build(Map<String, Object> extra, String cpuArchitecture) {
        Map<String, Object> context = TestApps.cdkJsonContext();
        context.put("env", "dev");
        context.put("mode", "worker");
        context.putAll(extra);
        if (cpuArchitecture != null) {
            withDevWorker(context, "cpuArchitecture", cpuArchitecture);
        }
        return App.build(new software.amazon.awscdk.App(AppProps.builder().context(context).build()));
    }

    @SuppressWarnings("unchecked")
    private static void withDevWorker(Map<String, Object> context, String key, Object value) {
        Map<String, Object> envs = new LinkedHashMap<>((Map<String, Object>) context.get("environments"));
        Map<String, Object> env = new LinkedHashMap<>((Map<String, Object>) envs.get("dev"));
        Map<String, Object> worker = new LinkedHashMap<>((Map<String, Object>) env.get("worker"));
        worker.put(key, value);
        env.put("worker", worker);
        envs.put("dev", env);
        context.put("environments", envs);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> rules(Template template) {
        return (Map<String, Object>) template.toJSON().getOrDefault("Rules", Map.of());
    }

    @Test
    void aDeployThatNamesNoImageIsRefusedNamingTheContextKey() {
        assertThat(rules(TestApps.build("dev", "worker").main()).get("WorkerImageNamed")).isEqualTo(Map.of("Assertions", List.of(Map.of(
                "Assert", Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "WorkerImageTag"), "")))),
                "AssertDescription", WorkerService.NO_IMAGE))));
        assertThat(WorkerService.NO_IMAGE).doesNotContain("\n").contains("-c workerImageTag=");
        TestApps.build("dev", "worker").main().hasParameter("WorkerImageTag", Map.of("Type", "String", "Default", ""));
        TestApps.build("dev", "worker").main().hasResourceProperties("AWS::ECS::TaskDefinition",
                Match.objectLike(Map.of("ContainerDefinitions", List.of(Match.objectLike(Map.of("Image",
                        Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(Match.arrayWith(List.of(
                                Match.stringLikeRegexp(".*/slot2kinesis-dev-worker:"), Map.of("Ref", "WorkerImageTag")))))))))))));
    }

    @Test
    void aNamedTagOrDigestIsRunAsNamedWithoutTheRefusal() {
        Template tagged = Template.fromStack(build(Map.of("workerImageTag", "3f2a9c1"), null).main());
        assertThat(rules(tagged)).doesNotContainKey("WorkerImageNamed");
        assertThat(tagged.findParameters("WorkerImageTag")).isEmpty();
        tagged.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of("ContainerDefinitions",
                List.of(Match.objectLike(Map.of("Image", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                        Match.arrayWith(List.of(Match.stringLikeRegexp(".*/slot2kinesis-dev-worker:3f2a9c1")))))))))))));
        String digest = "sha256:" + "0123456789abcdef".repeat(4);
        Template pinned = Template.fromStack(build(Map.of("workerImageDigest", digest), null).main());
        pinned.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of("ContainerDefinitions",
                List.of(Match.objectLike(Map.of("Image", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                        Match.arrayWith(List.of(Match.stringLikeRegexp(".*/slot2kinesis-dev-worker@" + digest)))))))))))));
    }

    @Test
    void arm64RunsTheTaskOnGravitonAndBuildsTheAssetForIt() throws IOException {
        App.Stacks stacks = build(Map.of("workerImageFromAsset", true), "arm64");
        Template template = Template.fromStack(stacks.main());
        template.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "RuntimePlatform", Map.of("CpuArchitecture", "ARM64", "OperatingSystemFamily", "LINUX"))));
        assertThat(rules(template)).doesNotContainKey("WorkerImageNamed");
        CloudAssembly assembly = ((software.amazon.awscdk.App) stacks.main().getNode().getRoot()).synth();
        JsonNode assets = new ObjectMapper().readTree(
                Path.of(assembly.getDirectory(), stacks.main().getArtifactId() + ".assets.json").toFile());
        List<String> platforms = assets.get("dockerImages").valueStream()
                .map(image -> image.get("source").path("platform").asText()).toList();
        assertThat(platforms).containsExactly("linux/arm64");
    }

    @Test
    void theShippedEnvironmentsRunOnX86() {
        TestApps.build("dev", "worker").main().hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "RuntimePlatform", Map.of("CpuArchitecture", "X86_64", "OperatingSystemFamily", "LINUX"))));
    }
}
