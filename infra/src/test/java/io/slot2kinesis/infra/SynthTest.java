package io.slot2kinesis.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code App.main} the way {@code npx cdk synth -c env=dev -c mode=dms} does (cdk.json context in
 * CDK_CONTEXT_JSON, CDK_OUTDIR), in a fresh JVM with no AWS credentials and the built-in CloudFormation
 * validator on: the one test that pays for it.
 */
class SynthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCEPTED_HARDCODED_ZONES = "W3010";

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void synthesizesOfflineWithValidationAndNag(@TempDir Path out) throws Exception {
        Map<String, Object> context = TestApps.cdkJsonContext();
        context.put("env", "dev");
        context.put("mode", "dms");
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                App.class.getName()))
                .directory(RepoPaths.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.resolve("synth.log").toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("AWS_"));
        env.put("AWS_SHARED_CREDENTIALS_FILE", new File(out.toFile(), "none").getPath());
        env.put("AWS_CONFIG_FILE", new File(out.toFile(), "none").getPath());
        env.put("CDK_VALIDATION", "true");
        env.put("CDK_OUTDIR", out.resolve("cdk.out").toString());
        env.put("CDK_CONTEXT_JSON", JSON.writeValueAsString(context));
        Process process = builder.start();
        int exit = process.waitFor();
        String log = Files.readString(out.resolve("synth.log"));
        assertThat(exit).as(log).isZero();

        JsonNode template = JSON.readTree(out.resolve("cdk.out/slot2kinesis-dev.template.json").toFile());
        assertThat(template.path("Resources").toString())
                .contains("AWS::DMS::ReplicationConfig", "Custom::Slot2KinesisReplicationUser", "AWS::Kinesis::Stream");
        assertThat(out.resolve("cdk.out/slot2kinesis-dev-dms-account-roles.template.json")).exists();
        Path report = out.resolve("cdk.out/validation-report.json");
        if (Files.exists(report)) {
            for (JsonNode plugin : JSON.readTree(report.toFile()).path("pluginReports")) {
                for (JsonNode violation : plugin.path("violations")) {
                    // Zones come from cdk.json on purpose: synth must not look them up (no credentials).
                    if (!violation.path("ruleName").asText().equals(ACCEPTED_HARDCODED_ZONES)) {
                        throw new AssertionError(plugin.path("pluginName").asText() + ": " + violation);
                    }
                }
            }
        }
    }
}
