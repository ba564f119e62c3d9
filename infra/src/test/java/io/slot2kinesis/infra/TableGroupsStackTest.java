package io.slot2kinesis.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.slot2kinesis.config.FileDigest;
import io.slot2kinesis.infra.config.ConfigException;
import io.slot2kinesis.infra.config.DeploymentConfig;
import io.slot2kinesis.infra.config.TableGroupsSetting;
import io.slot2kinesis.mapping.TableGroups;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Table groups named by an environment ({@code worker.tableGroups}, or {@code -c tableGroups}): in worker mode one
 * slot, publication and service per group. The stacks read the shipped example, which no environment names.
 */
class TableGroupsStackTest {
    private static final String EXAMPLE = "dms-mappings/table-groups.example.json";
    private static final String SETTING = "environments.dev.worker.tableGroups";
    private static final String GROUPS = """
            {"groups": [
              {"name": "orders", "tables": [{"schema-name": "public", "table-name": "order%"}]},
              {"name": "rest", "default": true}
            ]}""";
    private static App.Stacks worker;
    private static Template template;

    @BeforeAll
    static void synth() {
        worker = App.build(app(withGroupsInCdkJson(EXAMPLE), "worker"));
        template = Template.fromStack(worker.main());
    }

    /** The cdk.json context with {@code worker.tableGroups} set in environment dev. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> withGroupsInCdkJson(Object path) {
        Map<String, Object> context = TestApps.cdkJsonContext();
        Map<String, Object> environments = new LinkedHashMap<>((Map<String, Object>) context.get("environments"));
        Map<String, Object> dev = new LinkedHashMap<>((Map<String, Object>) environments.get("dev"));
        Map<String, Object> workerSection = new LinkedHashMap<>((Map<String, Object>) dev.get("worker"));
        workerSection.put("tableGroups", path);
        dev.put("worker", workerSection);
        environments.put("dev", dev);
        context.put("environments", environments);
        return context;
    }

    private static software.amazon.awscdk.App app(Map<String, Object> context, String mode) {
        context.put("env", "dev");
        context.put("mode", mode);
        return new software.amazon.awscdk.App(AppProps.builder().context(context).build());
    }

    private static String refusal(String path) {
        return assertThrows(ConfigException.class, () -> App.build(app(withGroupsInCdkJson(path), "worker")))
                .getMessage();
    }

    /** A groups file written to {@code root}/dms-mappings/, read as the dev environment's. */
    private static TableGroups readFrom(Path root, String json) throws IOException {
        Files.createDirectories(root.resolve("dms-mappings"));
        Files.writeString(root.resolve("dms-mappings/groups.json"), json);
        return GroupsFile.read(root, new TableGroupsSetting(SETTING, "dms-mappings/groups.json"));
    }

    @Test
    void eachGroupHasItsOwnServiceReadingItsGroupWithTheBaseNames() throws IOException {
        template.resourceCountIs("AWS::ECS::Service", 2);
        String groupsDigest = FileDigest.sha256(Files.readAllBytes(RepoPaths.root().resolve(EXAMPLE)));
        for (String group : List.of("orders", "rest")) {
            template.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                    "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                            "Environment", Match.arrayWith(List.of(
                                    Map.of("Name", "S2K_SLOT", "Value", "slot2kinesis_worker"),
                                    Map.of("Name", "S2K_PUBLICATION", "Value", "slot2kinesis"),
                                    Map.of("Name", "S2K_TABLE_GROUPS", "Value", "/app/" + EXAMPLE),
                                    Map.of("Name", "S2K_TABLE_GROUPS_SHA256", "Value", groupsDigest),
                                    Map.of("Name", "S2K_GROUP", "Value", group)))))))));
        }
        template.resourceCountIs("AWS::Logs::LogGroup", 2 + logGroupsBesidesWorkers());
    }

    @Test
    void eachGroupHasItsOwnAlarmsAndOutputsNamedAfterItsSlot() {
        for (String suffix : List.of("Orders", "Rest")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "AlarmName", "slot2kinesis-dev-WorkerDown" + suffix)));
            String slot = "slot2kinesis_worker_" + suffix.toLowerCase();
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "AlarmName", "slot2kinesis-dev-WorkerSlotLag" + suffix,
                    "Dimensions", List.of(Map.of("Name", "Slot", "Value", slot)))));
            template.hasOutput("SlotName" + suffix, Match.objectLike(Map.of("Value", slot)));
            template.hasOutput("Publication" + suffix, Match.objectLike(Map.of("Value",
                    "slot2kinesis_" + suffix.toLowerCase())));
        }
        template.hasOutput("SlotName", Match.objectLike(Map.of("Value",
                "slot2kinesis_worker_orders,slot2kinesis_worker_rest")));
        assertThat(template.findResources("AWS::CloudWatch::Alarm", Match.objectLike(Map.of("Properties",
                Match.objectLike(Map.of("AlarmName", "slot2kinesis-dev-WorkerDown")))))).isEmpty();
    }

    @Test
    void theReplicationUserCreatesASlotAndPublicationPerGroupAndNoneOfTheSingleWorker() {
        template.hasResourceProperties("Custom::Slot2KinesisReplicationUser", Match.objectLike(Map.of(
                "Slot", "",
                "Publication", "",
                "OwnedSlots", List.of("slot2kinesis_dms", "slot2kinesis_worker", "slot2kinesis_worker_orders",
                        "slot2kinesis_worker_rest"),
                "Groups", "[{\"slot\":\"slot2kinesis_worker_orders\",\"publication\":\"slot2kinesis_orders\","
                        + "\"tables\":[{\"schemaPattern\":\"public\",\"tablePattern\":\"order%\"}],\"isDefault\":false},"
                        + "{\"slot\":\"slot2kinesis_worker_rest\",\"publication\":\"slot2kinesis_rest\",\"tables\":[],"
                        + "\"isDefault\":true}]")));
    }

    @Test
    void cdkNagFindsNothingWithGroups() {
        assertThat(NagTest.findings(worker.main())).isEmpty();
    }

    @Test
    void dmsModeIgnoresTheGroupsNamedOnTheCommandLineAndSaysSo() {
        Map<String, Object> context = TestApps.cdkJsonContext();
        context.put(TableGroupsSetting.CONTEXT_KEY, EXAMPLE);
        App.Stacks dms = App.build(app(context, "dms"));
        Template dmsTemplate = Template.fromStack(dms.main());
        dmsTemplate.resourceCountIs("AWS::ECS::Service", 0);
        dmsTemplate.resourceCountIs("AWS::DMS::ReplicationConfig", 1);
        dmsTemplate.hasResourceProperties("Custom::Slot2KinesisReplicationUser", Match.not(Match.objectLike(Map.of(
                "Groups", Match.anyValue()))));
        Annotations.fromStack(dms.main()).hasInfo("*", "tableGroups " + EXAMPLE + ": table groups are ignored in DMS"
                + " mode (one DMS replication reads every selected table); they apply in worker mode");
    }

    @Test
    void withoutTheSettingThereIsOneWorkerAndNoGroupsFile() throws IOException {
        Template single = TestApps.build("dev", "worker").main();
        single.resourceCountIs("AWS::ECS::Service", 1);
        String mappings = DeploymentConfig.DEFAULT_TABLE_MAPPINGS;
        single.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Environment", Match.arrayWith(List.of(
                                Map.of("Name", "S2K_TABLE_MAPPINGS", "Value", "/app/" + mappings),
                                Map.of("Name", "S2K_TABLE_MAPPINGS_SHA256", "Value",
                                        FileDigest.sha256(Files.readAllBytes(RepoPaths.root().resolve(mappings))))))))))));
        single.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                        "Environment", Match.not(Match.arrayWith(List.of(Match.objectLike(Map.of(
                                "Name", "S2K_TABLE_GROUPS")))))))))));
    }

    @Test
    void aGroupsFileThatIsMissingOrNotAGroupsFileIsRefusedNamingTheSetting() {
        assertThat(refusal("dms-mappings/table-groups-dev.json")).isEqualTo(SETTING
                + " 'dms-mappings/table-groups-dev.json' does not exist: create it (format in the README, \"Table"
                + " groups\"; dms-mappings/table-groups.example.json is an example) or fix the path");
        assertThat(refusal("dms-mappings/table-mappings.json")).isEqualTo(SETTING
                + " dms-mappings/table-mappings.json: expected a JSON object with only a 'groups' array");
        assertThat(refusal("worker/pom.xml")).startsWith(SETTING + " 'worker/pom.xml' is not inside dms-mappings/");
    }

    @Test
    void moreGroupsThanReplicationSlotsIsRefusedNamingTheSetting(@TempDir Path root) throws IOException {
        String nine = IntStream.rangeClosed(1, 9).mapToObj(i -> i == 9 ? "{\"name\": \"g9\", \"default\": true}"
                : "{\"name\": \"g" + i + "\", \"tables\": [{\"schema-name\": \"public\", \"table-name\": \"t" + i
                + "\"}]}").collect(Collectors.joining(",", "{\"groups\": [", "]}"));
        TableGroups groups = readFrom(root, nine);
        Map<String, Object> context = TestApps.cdkJsonContext();
        context.put("env", "dev");
        DeploymentConfig config = DeploymentConfig.fromContext(context::get);
        assertThatThrownBy(() -> GroupsFile.requireSlots(groups, config, App.SLOTS_BESIDES_GROUPS))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(SETTING + " dms-mappings/groups.json: 9 groups need 9 replication slots plus 2"
                        + " spare")
                .hasMessageContaining("environments.dev.database.maxReplicationSlots is 10: raise it to at least 11");
        GroupsFile.requireSlots(readFrom(root, GROUPS), config, App.SLOTS_BESIDES_GROUPS);
    }

    @Test
    void groupNamesThatGiveTheSameResourceNamesAreRefused(@TempDir Path root) {
        assertThat(GroupsFile.idOf("audit_log")).isEqualTo("AuditLog");
        assertThatThrownBy(() -> readFrom(root, """
                {"groups": [{"name": "a_1", "tables": [{"schema-name": "public", "table-name": "t"}]},
                            {"name": "a1", "default": true}]}""")).isInstanceOf(ConfigException.class)
                .hasMessage(SETTING + " dms-mappings/groups.json: groups 'a_1' and 'a1' give the same resource names"
                        + " (A1): rename one");
        assertThatThrownBy(() -> readFrom(root, "{\"groups\": [{\"name\": \"rest\"}]}"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(SETTING + " dms-mappings/groups.json: groups[0] ('rest'): 'tables' must be");
        assertThat(GroupsFile.read(root, null)).isNull();
    }

    /** The log groups of the single-worker template that are not the worker's (custom resources, DMS, ...). */
    private static int logGroupsBesidesWorkers() {
        return TestApps.build("dev", "worker").main().findResources("AWS::Logs::LogGroup").size() - 1;
    }
}
