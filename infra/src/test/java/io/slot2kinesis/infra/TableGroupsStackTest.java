package io.slot2kinesis.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slot2kinesis.infra.stacks.Slot2KinesisStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** A table groups file beside the mappings: in worker mode one slot, publication and service per group. */
class TableGroupsStackTest {
    private static final String GROUPS = """
            {"groups": [
              {"name": "orders", "tables": [{"schema-name": "public", "table-name": "order%"}]},
              {"name": "rest", "default": true}
            ]}""";
    @TempDir
    static Path dir;
    private static App.Stacks worker;
    private static Template template;

    @BeforeAll
    static void synth() throws IOException {
        Path mappings = withGroups(dir.resolve("two"), GROUPS);
        worker = build(mappings, "worker");
        template = Template.fromStack(worker.main());
    }

    private static Path withGroups(Path directory, String groups) throws IOException {
        Files.createDirectories(directory);
        Path mappings = Files.copy(RepoPaths.resolve("dms-mappings/table-mappings.json"),
                directory.resolve("table-mappings.json"));
        Files.writeString(directory.resolve("table-groups.json"), groups);
        return mappings;
    }

    private static App.Stacks build(Path mappings, String mode) {
        Map<String, Object> context = TestApps.cdkJsonContext();
        context.put("env", "dev");
        context.put("mode", mode);
        context.put("tableMappings", mappings.toString());
        return App.build(new software.amazon.awscdk.App(AppProps.builder().context(context).build()));
    }

    @Test
    void eachGroupHasItsOwnServiceReadingItsGroupWithTheBaseNames() {
        template.resourceCountIs("AWS::ECS::Service", 2);
        for (String group : List.of("orders", "rest")) {
            template.hasResourceProperties("AWS::ECS::TaskDefinition", Match.objectLike(Map.of(
                    "ContainerDefinitions", List.of(Match.objectLike(Map.of(
                            "Environment", Match.arrayWith(List.of(
                                    Map.of("Name", "S2K_SLOT", "Value", "slot2kinesis_worker"),
                                    Map.of("Name", "S2K_PUBLICATION", "Value", "slot2kinesis"),
                                    Map.of("Name", "S2K_TABLE_GROUPS", "Value", "/app/dms-mappings/table-groups.json"),
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
    void dmsModeIgnoresTheGroupsAndSaysSo() throws IOException {
        App.Stacks dms = build(withGroups(dir.resolve("dms"), GROUPS), "dms");
        Template dmsTemplate = Template.fromStack(dms.main());
        dmsTemplate.resourceCountIs("AWS::ECS::Service", 0);
        dmsTemplate.resourceCountIs("AWS::DMS::ReplicationConfig", 1);
        dmsTemplate.hasResourceProperties("Custom::Slot2KinesisReplicationUser", Match.not(Match.objectLike(Map.of(
                "Groups", Match.anyValue()))));
        Annotations.fromStack(dms.main()).hasInfo("*", Slot2KinesisStack.DMS_IGNORES_GROUPS);
    }

    @Test
    void moreGroupsThanReplicationSlotsIsRefusedNamingTheSetting() throws IOException {
        String nine = IntStream.rangeClosed(1, 9).mapToObj(i -> i == 9 ? "{\"name\": \"g9\", \"default\": true}"
                : "{\"name\": \"g" + i + "\", \"tables\": [{\"schema-name\": \"public\", \"table-name\": \"t" + i
                + "\"}]}").collect(Collectors.joining(",", "{\"groups\": [", "]}"));
        Path mappings = withGroups(dir.resolve("nine"), nine);
        assertThatThrownBy(() -> build(mappings, "worker")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("9 groups need 9 replication slots plus 2 spare")
                .hasMessageContaining("environments.dev.database.maxReplicationSlots is 10: raise it to at least 11");
    }

    @Test
    void groupNamesThatGiveTheSameResourceNamesAreRefused() throws IOException {
        assertThat(GroupsFile.idOf("audit_log")).isEqualTo("AuditLog");
        Path mappings = withGroups(dir.resolve("same-ids"), """
                {"groups": [{"name": "a_1", "tables": [{"schema-name": "public", "table-name": "t"}]},
                            {"name": "a1", "default": true}]}""");
        assertThatThrownBy(() -> GroupsFile.besides(mappings)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("groups 'a_1' and 'a1' give the same resource names (A1): rename one");
        assertThat(GroupsFile.besides(RepoPaths.resolve("dms-mappings/table-mappings.json"))).isNull();
    }

    /** The log groups of the single-worker template that are not the worker's (custom resources, DMS, ...). */
    private static int logGroupsBesidesWorkers() {
        return TestApps.build("dev", "worker").main().findResources("AWS::Logs::LogGroup").size() - 1;
    }
}
