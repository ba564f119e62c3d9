package io.slot2kinesis.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.databasemigration.model.DmsSslModeValue;
import software.amazon.awssdk.services.databasemigration.model.MessageFormatValue;
import software.amazon.awssdk.services.databasemigration.model.MigrationTypeValue;
import software.amazon.awssdk.services.databasemigration.model.PluginNameValue;
import software.amazon.awssdk.services.databasemigration.model.ReplicationEndpointTypeValue;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.OSFamily;
import software.amazon.awssdk.services.ecs.model.PropagateTags;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;
import software.amazon.awssdk.services.kinesis.model.EncryptionType;
import software.amazon.awssdk.services.kinesis.model.StreamMode;
import software.amazon.awssdk.services.rds.model.DatabaseInsightsMode;
import software.amazon.awssdk.services.rds.model.ReplicaMode;

/**
 * CloudFormation and the CDK type the enum-valued properties of DMS, RDS, ECS and Kinesis resources as plain
 * strings: nothing but the service rejects a wrong value, at deploy time. This test reads every such property the
 * app sets, in every shipped environment and both modes, and checks it against the enum of the AWS SDK for Java v2
 * service model (the same JSON models the services publish), e.g. {@code PluginNameValue}: {@code test-decoding},
 * not {@code test_decoding}.
 */
class ServiceModelConformanceTest {

    /** Resource type, property path ({@code []} walks a list), the service model's enum. */
    record EnumProperty(String resourceType, String path, Class<? extends Enum<?>> model) {
    }

    static final List<EnumProperty> ENUM_PROPERTIES = List.of(
            new EnumProperty("AWS::DMS::Endpoint", "EndpointType", ReplicationEndpointTypeValue.class),
            new EnumProperty("AWS::DMS::Endpoint", "SslMode", DmsSslModeValue.class),
            new EnumProperty("AWS::DMS::Endpoint", "PostgreSqlSettings.PluginName", PluginNameValue.class),
            new EnumProperty("AWS::DMS::Endpoint", "KinesisSettings.MessageFormat", MessageFormatValue.class),
            new EnumProperty("AWS::DMS::ReplicationConfig", "ReplicationType", MigrationTypeValue.class),
            new EnumProperty("AWS::RDS::DBInstance", "DatabaseInsightsMode", DatabaseInsightsMode.class),
            new EnumProperty("AWS::RDS::DBInstance", "ReplicaMode", ReplicaMode.class),
            new EnumProperty("AWS::RDS::DBCluster", "DatabaseInsightsMode", DatabaseInsightsMode.class),
            new EnumProperty("AWS::Kinesis::Stream", "StreamModeDetails.StreamMode", StreamMode.class),
            new EnumProperty("AWS::Kinesis::Stream", "StreamEncryption.EncryptionType", EncryptionType.class),
            new EnumProperty("AWS::ECS::Service", "LaunchType", LaunchType.class),
            new EnumProperty("AWS::ECS::Service", "PropagateTags", PropagateTags.class),
            new EnumProperty("AWS::ECS::Service", "DeploymentController.Type", DeploymentControllerType.class),
            new EnumProperty("AWS::ECS::Service", "NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp", AssignPublicIp.class),
            new EnumProperty("AWS::ECS::TaskDefinition", "NetworkMode", NetworkMode.class),
            new EnumProperty("AWS::ECS::TaskDefinition", "RequiresCompatibilities[]", Compatibility.class),
            new EnumProperty("AWS::ECS::TaskDefinition", "RuntimePlatform.CpuArchitecture", CPUArchitecture.class),
            new EnumProperty("AWS::ECS::TaskDefinition", "RuntimePlatform.OperatingSystemFamily", OSFamily.class),
            new EnumProperty("AWS::ECS::TaskDefinition", "ContainerDefinitions[].LogConfiguration.LogDriver", LogDriver.class),
            new EnumProperty("AWS::ECS::TaskDefinition", "ContainerDefinitions[].PortMappings[].Protocol", TransportProtocol.class));

    static Stream<String[]> everyEnvironmentAndMode() {
        return Stream.of(EnvironmentStacksTest.ENVIRONMENTS)
                .flatMap(env -> Stream.of(new String[] {env, "dms"}, new String[] {env, "worker"}));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyEnvironmentAndMode")
    void everyEnumValuedPropertyIsAValueOfTheServiceModel(String env, String mode) {
        Map<?, ?> resources = (Map<?, ?>) ((Map<?, ?>) TestApps.build(env, mode).main().toJSON()).get("Resources");
        List<String> checked = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        resources.forEach((logicalId, resource) -> {
            Map<?, ?> r = (Map<?, ?>) resource;
            for (EnumProperty property : ENUM_PROPERTIES) {
                if (property.resourceType().equals(r.get("Type"))) {
                    for (Object value : values(r.get("Properties"), property.path())) {
                        checked.add(property.resourceType() + " " + property.path());
                        String problem = problem(property, value);
                        if (problem != null) {
                            rejected.add(logicalId + " " + problem);
                        }
                    }
                }
            }
        });
        assertThat(rejected).isEmpty();
        // The walk must reach the properties the capture of this mode sets.
        assertThat(checked).contains(mode.equals("dms")
                ? List.of("AWS::DMS::Endpoint PostgreSqlSettings.PluginName", "AWS::DMS::Endpoint KinesisSettings.MessageFormat",
                        "AWS::DMS::ReplicationConfig ReplicationType", "AWS::Kinesis::Stream StreamModeDetails.StreamMode")
                        .toArray(String[]::new)
                : List.of("AWS::ECS::Service LaunchType", "AWS::ECS::TaskDefinition NetworkMode",
                        "AWS::Kinesis::Stream StreamEncryption.EncryptionType").toArray(String[]::new));
    }

    @Test
    void rejectsThePostgresPluginSpellingThatTheDmsApiDoesNotKnow() {
        EnumProperty plugin = ENUM_PROPERTIES.get(2);
        assertThat(problem(plugin, "test_decoding")).isEqualTo(
                "AWS::DMS::Endpoint PostgreSqlSettings.PluginName 'test_decoding' is not a PluginNameValue: use one of "
                        + "[no-preference, test-decoding, pglogical]");
        assertThat(problem(plugin, "test-decoding")).isNull();
        assertThat(problem(ENUM_PROPERTIES.get(4), "cdc")).isNull();
        assertThat(problem(ENUM_PROPERTIES.get(4), "full-load-cdc")).contains("is not a MigrationTypeValue");
    }

    /** Null if the value is one of the model's values, else the message. A token (not a string) cannot be checked. */
    static String problem(EnumProperty property, Object value) {
        assertThat(value).as(property.resourceType() + " " + property.path() + " must be a literal").isInstanceOf(String.class);
        List<String> known = new ArrayList<>();
        for (Enum<?> constant : property.model().getEnumConstants()) {
            if (!constant.name().equals("UNKNOWN_TO_SDK_VERSION")) {
                known.add(constant.toString());
            }
        }
        try {
            Method fromValue = property.model().getMethod("fromValue", String.class);
            Object parsed = fromValue.invoke(null, value);
            if (parsed != null && !((Enum<?>) parsed).name().equals("UNKNOWN_TO_SDK_VERSION")) {
                return null;
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        return property.resourceType() + " " + property.path() + " '" + value + "' is not a " + property.model().getSimpleName()
                + ": use one of " + known;
    }

    /** The values at a path; {@code []} after a segment walks every element of a list. */
    static List<Object> values(Object node, String path) {
        List<Object> current = new ArrayList<>();
        if (node != null) {
            current.add(node);
        }
        for (String segment : path.split("\\.")) {
            boolean list = segment.endsWith("[]");
            String key = list ? segment.substring(0, segment.length() - 2) : segment;
            List<Object> next = new ArrayList<>();
            for (Object n : current) {
                Object child = n instanceof Map<?, ?> map ? map.get(key) : null;
                if (child == null) {
                    continue;
                }
                if (list && child instanceof List<?> items) {
                    next.addAll(items);
                } else {
                    next.add(child);
                }
            }
            current = next;
        }
        return current;
    }
}
