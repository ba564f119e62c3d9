package io.slot2kinesis.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code App.main} the way {@code npx cdk synth -c env=dev -c mode=dms} does (cdk.json context in
 * CDK_CONTEXT_JSON, CDK_OUTDIR), in fresh JVMs with no AWS credentials and the built-in CloudFormation
 * validator on: the one test that pays for it. One environment per database kind, each in the mode
 * that differs from its own, synthesized side by side.
 */
class SynthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCEPTED_HARDCODED_ZONES = "W3010";

    /** env → [mode, the database resource type its template must hold]. */
    private static final Map<String, List<String>> SYNTHESIZED = new LinkedHashMap<>();

    static {
        SYNTHESIZED.put("dev", List.of("dms", "AWS::RDS::DBInstance"));
        SYNTHESIZED.put("staging-cluster", List.of("worker", "AWS::RDS::DBCluster"));
        SYNTHESIZED.put("aurora", List.of("dms", "AWS::RDS::DBCluster"));
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void synthesizesEveryDatabaseKindOfflineWithValidationAndNag(@TempDir Path out) throws Exception {
        Map<String, Process> running = new LinkedHashMap<>();
        for (var entry : SYNTHESIZED.entrySet()) {
            running.put(entry.getKey(), start(entry.getKey(), entry.getValue().get(0), out.resolve(entry.getKey())));
        }
        for (var entry : running.entrySet()) {
            String envName = entry.getKey();
            Path dir = out.resolve(envName);
            int exit = entry.getValue().waitFor();
            assertThat(exit).as(Files.readString(dir.resolve("synth.log"))).isZero();
            String mode = SYNTHESIZED.get(envName).get(0);
            JsonNode template = JSON.readTree(dir.resolve("cdk.out/slot2kinesis-" + envName + ".template.json").toFile());
            assertThat(template.path("Resources").toString())
                    .contains(SYNTHESIZED.get(envName).get(1), "Custom::Slot2KinesisReplicationUser", "AWS::Kinesis::Stream",
                            mode.equals("dms") ? "AWS::DMS::ReplicationConfig" : "AWS::ECS::Service");
            assertNoValidationFindings(dir.resolve("cdk.out/validation-report.json"));
        }
        assertThat(out.resolve("dev/cdk.out/slot2kinesis-dev-dms-account-roles.template.json")).exists();
    }

    private static Process start(String envName, String mode, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> context = TestApps.cdkJsonContext();
        context.put("env", envName);
        context.put("mode", mode);
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                App.class.getName()))
                .directory(RepoPaths.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("synth.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("AWS_"));
        env.put("AWS_SHARED_CREDENTIALS_FILE", new File(dir.toFile(), "none").getPath());
        env.put("AWS_CONFIG_FILE", new File(dir.toFile(), "none").getPath());
        env.put("CDK_VALIDATION", "true");
        env.put("CDK_OUTDIR", dir.resolve("cdk.out").toString());
        env.put("CDK_CONTEXT_JSON", JSON.writeValueAsString(context));
        return builder.start();
    }

    private static void assertNoValidationFindings(Path report) throws IOException {
        if (!Files.exists(report)) {
            return;
        }
        for (JsonNode plugin : JSON.readTree(report.toFile()).path("pluginReports")) {
            for (JsonNode violation : plugin.path("violations")) {
                // Zones come from cdk.json on purpose: synth must not look them up (no credentials).
                if (!violation.path("ruleName").asText().equals(ACCEPTED_HARDCODED_ZONES)) {
                    throw new AssertionError(report + ": " + plugin.path("pluginName").asText() + ": " + violation);
                }
            }
        }
    }
}
