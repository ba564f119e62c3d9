package io.slot2kinesis.infra.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.slot2kinesis.infra.TestApps;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DeploymentConfigTest {

    private static DeploymentConfig parse(Map<String, Object> context) {
        return DeploymentConfig.fromContext(context::get);
    }

    private static Map<String, Object> context(String env) {
        Map<String, Object> context = TestApps.cdkJsonContext();
        context.put("env", env);
        return context;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> context, String env, String name) {
        Map<String, Object> envs = (Map<String, Object>) context.get("environments");
        Map<String, Object> envMap = new LinkedHashMap<>((Map<String, Object>) envs.get(env));
        Map<String, Object> copy = new LinkedHashMap<>(envs);
        copy.put(env, envMap);
        context.put("environments", copy);
        if (name == null) {
            return envMap;
        }
        Map<String, Object> sectionMap = new LinkedHashMap<>((Map<String, Object>) envMap.getOrDefault(name, Map.of()));
        envMap.put(name, sectionMap);
        return sectionMap;
    }

    private static String failure(Map<String, Object> context) {
        return assertThrows(ConfigException.class, () -> parse(context)).getMessage();
    }

    @Test
    void readsTheShippedEnvironments() {
        DeploymentConfig dev = parse(context("dev"));
        assertThat(dev.mode()).isEqualTo(Mode.WORKER);
        assertThat(dev.slotName()).isEqualTo("slot2kinesis_worker");
        assertThat(dev.availabilityZones()).containsExactly("eu-west-1a", "eu-west-1b");
        assertThat(dev.database().createsInstance()).isTrue();
        assertThat(dev.tableMappingsPath()).isEqualTo("dms-mappings/table-mappings.json");
        DeploymentConfig prod = parse(context("prod"));
        assertThat(prod.mode()).isEqualTo(Mode.DMS);
        assertThat(prod.stream().shards()).isEqualTo(4);
        assertThat(prod.stream().maxRecordSizeKiB()).isEqualTo(10240);
        assertThat(prod.database().deletionProtection()).isTrue();
    }

    @Test
    void modeOnTheCommandLineOverridesTheEnvironment() {
        Map<String, Object> context = context("dev");
        context.put("mode", "dms");
        assertThat(parse(context).mode()).isEqualTo(Mode.DMS);
        assertThat(parse(context).slotName()).isEqualTo("slot2kinesis_dms");
    }

    @Test
    void rejectsAnUnknownEnvironmentNamingTheDefinedOnes() {
        assertThat(failure(context("staging")))
                .isEqualTo("env 'staging' is not defined in cdk.json: use one of dev, prod");
    }

    @Test
    void rejectsABadModeFromTheCommandLine() {
        Map<String, Object> context = context("dev");
        context.put("mode", "kafka");
        assertThat(failure(context)).isEqualTo("mode 'kafka' is not supported: use dms or worker");
    }

    @Test
    void rejectsABadModeInCdkJson() {
        Map<String, Object> context = context("dev");
        section(context, "dev", null).put("mode", "both");
        assertThat(failure(context)).isEqualTo("environments.dev.mode 'both' is not supported: use dms or worker");
    }

    @Test
    void rejectsARecordSizeKinesisCannotHold() {
        Map<String, Object> context = context("prod");
        section(context, "prod", "stream").put("maxRecordSizeKiB", 20480);
        assertThat(failure(context))
                .isEqualTo("environments.prod.stream.maxRecordSizeKiB 20480 is out of range: use 1024..10240");
    }

    @Test
    void rejectsAMissingAccount() {
        Map<String, Object> context = context("dev");
        section(context, "dev", null).remove("account");
        assertThat(failure(context)).isEqualTo("environments.dev.account is required: use a 12-digit AWS account id");
    }

    @Test
    void rejectsAMissingDatabaseName() {
        Map<String, Object> context = context("dev");
        section(context, "dev", "database").remove("databaseName");
        assertThat(failure(context))
                .isEqualTo("environments.dev.database.databaseName is required: use a lowercase PostgreSQL identifier");
    }

    @Test
    void rejectsAWalSenderTimeoutDmsCannotUse() {
        Map<String, Object> context = context("dev");
        section(context, "dev", "database").put("walSenderTimeoutMs", 5000);
        assertThat(failure(context))
                .isEqualTo("environments.dev.database.walSenderTimeoutMs 5000 is not valid for DMS: use 0 or 10000..3600000");
    }

    @Test
    void rejectsAFargateSizeThatDoesNotExist() {
        Map<String, Object> context = context("dev");
        section(context, "dev", "worker").put("memoryMiB", 8192);
        assertThat(failure(context))
                .isEqualTo("environments.dev.worker.memoryMiB 8192 does not fit cpu 512: use 1024..4096 in steps of 1024");
    }

    @Test
    void rejectsADmsCapacityThatDoesNotExist() {
        Map<String, Object> context = context("prod");
        section(context, "prod", "dms").put("maxCapacityUnits", 3);
        assertThat(failure(context)).isEqualTo("environments.prod.dms.maxCapacityUnits 3 is not a DMS capacity:"
                + " use 1, 2, 4, 8, 16, 32, 64, 128, 192, 256 or 384");
    }

    @Test
    void rejectsProvisionedCapacityWithoutShards() {
        Map<String, Object> context = context("prod");
        section(context, "prod", "stream").remove("shards");
        assertThat(failure(context)).isEqualTo("environments.prod.stream.shards is required: use 1..500");
    }

    @Test
    void anExistingVpcNeedsOneSubnetPerZone() {
        Map<String, Object> context = context("prod");
        Map<String, Object> network = section(context, "prod", "network");
        network.put("vpcId", "vpc-0123456789abcdef0");
        network.put("subnetIds", java.util.List.of("subnet-0123456789abcdef0"));
        assertThat(failure(context)).isEqualTo("environments.prod.network.subnetIds has 1 entries:"
                + " use one private subnet id per availability zone (3)");
    }

    @Test
    void everyMessageIsOneLine() {
        Map<String, Object> context = context("dev");
        section(context, "dev", "stream").put("retentionHours", "a day");
        assertThat(failure(context))
                .isEqualTo("environments.dev.stream.retentionHours 'a day' is not a whole number")
                .doesNotContain("\n");
    }
}
