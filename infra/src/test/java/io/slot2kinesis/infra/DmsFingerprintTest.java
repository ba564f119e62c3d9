package io.slot2kinesis.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.infra.constructs.DmsReplication;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.services.dms.CfnEndpoint;
import software.amazon.awscdk.assertions.Template;

/**
 * Point 8 of issue 15: DMS modifies a Serverless replication only when it is created, stopped or failed, so whatever
 * CloudFormation would change on the endpoints or the replication config must change the fingerprint Pause, Run and
 * Running carry (a new Pause stops the replication before the update, Run resumes it after). Anything else must not,
 * or an unrelated deploy would stop the capture.
 */
class DmsFingerprintTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String baseline;

    @BeforeAll
    static void build() {
        baseline = fingerprint(Map.of(), dms -> { });
    }

    /** Builds dev in dms mode with the context changes, applies {@code change} to the DMS construct, reads Pause's. */
    @SuppressWarnings("unchecked")
    private static String fingerprint(Map<String, Object> devOverrides, Consumer<DmsReplication> change) {
        Map<String, Object> context = TestApps.cdkJsonContext();
        Map<String, Object> environments = JSON.convertValue(context.get("environments"), Map.class);
        Map<String, Object> dev = new LinkedHashMap<>((Map<String, Object>) environments.get("dev"));
        devOverrides.forEach((section, values) -> {
            Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) dev.get(section));
            merged.putAll((Map<String, Object>) values);
            dev.put(section, merged);
        });
        environments.put("dev", dev);
        context.put("environments", environments);
        context.put("env", "dev");
        context.put("mode", "dms");
        software.amazon.awscdk.App app = new software.amazon.awscdk.App(AppProps.builder().context(context).build());
        App.Stacks stacks = App.build(app);
        DmsReplication dms = (DmsReplication) stacks.main().getNode().findChild("Dms");
        change.accept(dms);
        Template template = Template.fromStack(stacks.main());
        Map<String, Map<String, Object>> controls = (Map<String, Map<String, Object>>) (Map<?, ?>)
                template.findResources("Custom::Slot2KinesisDmsReplication");
        Map<String, String> fingerprints = new LinkedHashMap<>();
        controls.forEach((id, resource) -> fingerprints.put(id,
                String.valueOf(((Map<String, Object>) resource.get("Properties")).get("Fingerprint"))));
        assertThat(fingerprints).hasSize(3);
        assertThat(fingerprints.values()).as("Pause, Run and Running carry the same fingerprint").containsOnly(
                fingerprints.values().iterator().next());
        String value = fingerprints.values().iterator().next();
        assertThat(value).matches("[0-9a-f]{24}");
        return value;
    }

    @Test
    void aChangedTaskSettingChangesTheFingerprint() {
        String changed = fingerprint(Map.of(), dms -> {
            Map<String, Object> settings = new LinkedHashMap<>(DmsReplication.replicationSettings());
            settings.put("Logging", Map.of("EnableLogging", false));
            dms.replication().setReplicationSettings(settings);
        });
        assertThat(changed).isNotEqualTo(baseline);
    }

    @Test
    void aChangedSourceEndpointSettingChangesTheFingerprint() {
        String changed = fingerprint(Map.of(), dms -> {
            var user = (io.slot2kinesis.infra.constructs.ReplicationUser)
                    software.amazon.awscdk.Stack.of(dms).getNode().findChild("ReplicationUser");
            var role = (software.amazon.awscdk.services.iam.Role) dms.getNode().findChild("SecretAccessRole");
            // what DmsReplication sets, with another heartbeat frequency
            dms.source().setPostgreSqlSettings(CfnEndpoint.PostgreSqlSettingsProperty.builder()
                    .secretsManagerSecretId(user.secret().getSecretArn())
                    .secretsManagerAccessRoleArn(role.getRoleArn())
                    .pluginName("test-decoding")
                    .heartbeatEnable(true)
                    .heartbeatFrequency(10)
                    .heartbeatSchema(io.slot2kinesis.infra.constructs.ReplicationUser.HEARTBEAT_SCHEMA)
                    .captureDdls(false)
                    .build());
        });
        assertThat(changed).isNotEqualTo(baseline);
    }

    @Test
    void aChangedTargetEndpointSettingOrTlsModeChangesTheFingerprint() {
        assertThat(fingerprint(Map.of(), dms -> dms.target().setExtraConnectionAttributes("x=1"))).isNotEqualTo(baseline);
        assertThat(fingerprint(Map.of("dms", Map.of("caCertificateArn",
                "arn:aws:dms:eu-west-1:111111111111:cert:ABCDEFGHIJKLMNOPQRSTUVWXYZ")), dms -> { }))
                .as("dms.caCertificateArn: SslMode verify-full and CertificateArn on the source endpoint")
                .isNotEqualTo(baseline);
    }

    @Test
    void changedTableMappingsOrCapacityChangeTheFingerprint() {
        assertThat(fingerprint(Map.of(), dms -> dms.replication().setTableMappings(Map.of("rules", java.util.List.of(
                Map.of("rule-type", "selection", "rule-id", "1", "rule-name", "only-orders",
                        "object-locator", Map.of("schema-name", "public", "table-name", "orders"),
                        "rule-action", "include"))))))
                .isNotEqualTo(baseline);
        assertThat(fingerprint(Map.of("dms", Map.of("maxCapacityUnits", 4)), dms -> { })).isNotEqualTo(baseline);
    }

    @Test
    void unrelatedChangesLeaveTheFingerprintAndSoTheRunningReplicationAlone() {
        String unrelated = fingerprint(Map.of(
                "alarms", Map.of("cdcLatencySeconds", 600, "slotLagBytes", 2147483648L),
                "stream", Map.of("retentionHours", 48),
                "database", Map.of("maxSlotWalKeepSizeMb", 8192)), dms -> { });
        assertThat(unrelated).isEqualTo(baseline);
    }
}
