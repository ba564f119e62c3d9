package io.slot2kinesis.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.slot2kinesis.infra.TestApps;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which image the worker runs and on which CPU: named exactly (never latest), for x86_64 or arm64. */
class WorkerImageConfigTest {
    private static final String DIGEST = "sha256:" + "0123456789abcdef".repeat(4);

    private static Map<String, Object> dev() {
        Map<String, Object> context = TestApps.cdkJsonContext();
        context.put("env", "dev");
        return context;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> devWorker(Map<String, Object> context) {
        Map<String, Object> envs = new LinkedHashMap<>((Map<String, Object>) context.get("environments"));
        Map<String, Object> env = new LinkedHashMap<>((Map<String, Object>) envs.get("dev"));
        Map<String, Object> worker = new LinkedHashMap<>((Map<String, Object>) env.get("worker"));
        env.put("worker", worker);
        envs.put("dev", env);
        context.put("environments", envs);
        return worker;
    }

    private static WorkerConfig worker(Map<String, Object> context) {
        return DeploymentConfig.fromContext(context::get).worker();
    }

    private static String failure(Map<String, Object> context) {
        return assertThrows(ConfigException.class, () -> worker(context)).getMessage();
    }

    @Test
    void theShippedEnvironmentsNameNoImageAndRunOnX86() {
        for (String env : new String[] {"dev", "prod", "staging-cluster", "aurora"}) {
            Map<String, Object> context = TestApps.cdkJsonContext();
            context.put("env", env);
            WorkerConfig worker = worker(context);
            assertThat(worker.image()).as(env).isNull();
            assertThat(worker.imageNamed()).as(env).isFalse();
            assertThat(worker.cpuArchitecture()).as(env).isEqualTo(CpuArchitecture.X86_64);
        }
    }

    @Test
    void aTagOrADigestOnTheCommandLineNamesTheImage() {
        Map<String, Object> context = dev();
        context.put("workerImageTag", "3f2a9c1");
        assertThat(worker(context).image()).isEqualTo("3f2a9c1");
        context.remove("workerImageTag");
        context.put("workerImageDigest", DIGEST);
        assertThat(worker(context).image()).isEqualTo(DIGEST);
    }

    @Test
    void refusesLatestOnTheCommandLineAndInCdkJson() {
        Map<String, Object> context = dev();
        context.put("workerImageTag", "latest");
        assertThat(failure(context)).startsWith("workerImageTag 'latest' names no particular image");
        context.remove("workerImageTag");
        devWorker(context).put("imageTag", "latest");
        assertThat(failure(context)).isEqualTo("environments.dev.worker.imageTag 'latest' names no particular image"
                + " (the repository's tags are immutable): use the tag the image was pushed with,"
                + " e.g. -c workerImageTag=$(git rev-parse --short HEAD)");
    }

    @Test
    void refusesATagAndADigestTogetherAndAMalformedDigest() {
        Map<String, Object> context = dev();
        context.put("workerImageTag", "3f2a9c1");
        context.put("workerImageDigest", DIGEST);
        assertThat(failure(context)).isEqualTo(
                "workerImageDigest and workerImageTag are both set: name the image by one of them");
        context.remove("workerImageTag");
        context.put("workerImageDigest", "3f2a9c1");
        assertThat(failure(context)).isEqualTo(
                "workerImageDigest '3f2a9c1' is not valid: use sha256: and 64 hex digits");
    }

    @Test
    void readsTheCpuArchitectureAndRefusesOtherNames() {
        Map<String, Object> context = dev();
        devWorker(context).put("cpuArchitecture", "arm64");
        assertThat(worker(context).cpuArchitecture()).isEqualTo(CpuArchitecture.ARM64);
        assertThat(CpuArchitecture.ARM64.imagePlatform()).isEqualTo("linux/arm64");
        devWorker(context).put("cpuArchitecture", "amd64");
        assertThat(failure(context)).isEqualTo(
                "environments.dev.worker.cpuArchitecture 'amd64' is not supported: use x86_64 or arm64 (Graviton)");
    }
}
