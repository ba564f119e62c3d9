package io.slot2kinesis.customresource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicationUserHandlerTest {

    @Test
    void readsTheSpecFromTheCustomResourceProperties() throws Exception {
        String props = """
                {"Username":"slot2kinesis","Slot":"slot2kinesis_worker","SlotPlugin":"pgoutput","Publication":"slot2kinesis",
                 "Selections":"[{\\"action\\":\\"include\\",\\"schemaPattern\\":\\"public\\",\\"tablePattern\\":\\"%\\"}]",
                 "OwnedSlots":["slot2kinesis_dms","slot2kinesis_worker"],"DropOnDelete":"true"}""";
        ReplicationSpec spec = ReplicationUserHandler.spec(new ObjectMapper().readTree(props));
        assertThat(spec).isEqualTo(new ReplicationSpec("slot2kinesis", "slot2kinesis_worker", "pgoutput", "slot2kinesis",
                List.of(new ReplicationSpec.Selection("include", "public", "%")),
                List.of("slot2kinesis_dms", "slot2kinesis_worker"), ""));
    }

    @Test
    void readsTheTableGroupsAsTheCdkAppWritesThem() throws Exception {
        String props = """
                {"Username":"slot2kinesis","Slot":"","SlotPlugin":"pgoutput","Publication":"","Selections":"[]",
                 "OwnedSlots":["slot2kinesis_worker_orders"],
                 "Groups":"[{\\"slot\\":\\"s_orders\\",\\"publication\\":\\"p_orders\\",\\"tables\\":[{\\"schemaPattern\\":\\"public\\",\\"tablePattern\\":\\"order%\\"}],\\"isDefault\\":false},{\\"slot\\":\\"s_rest\\",\\"publication\\":\\"p_rest\\",\\"tables\\":[],\\"isDefault\\":true}]"}""";
        ReplicationSpec spec = ReplicationUserHandler.spec(new ObjectMapper().readTree(props));
        assertThat(spec.groups()).containsExactly(
                new ReplicationSpec.Group("s_orders", "p_orders",
                        List.of(new ReplicationSpec.Selection("include", "public", "order%")), false),
                new ReplicationSpec.Group("s_rest", "p_rest", List.of(), true));
    }

    @Test
    void deleteAfterACreateThatFailedSucceedsWithoutConnecting() throws Exception {
        // The Provider framework's id for a Create that failed; no secret or database is reachable here.
        String event = """
                {"RequestType":"Delete","PhysicalResourceId":"AWSCDK::CustomResourceProviderFramework::CREATE_FAILED",
                 "ResourceProperties":{"Host":"db.example","Port":"5432","Database":"app","Username":"slot2kinesis",
                 "MasterSecretArn":"arn:aws:secretsmanager:eu-west-1:111111111111:secret:none","DropOnDelete":"true"}}""";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new ReplicationUserHandler().handleRequest(new java.io.ByteArrayInputStream(event.getBytes()), out);
        assertThat(new ObjectMapper().readTree(out.toByteArray()).path("PhysicalResourceId").asText())
                .isEqualTo("AWSCDK::CustomResourceProviderFramework::CREATE_FAILED");
    }

    @Test
    void aNewUsernameKeepsThePhysicalIdSoCloudFormationDeletesNothingInTheSameDatabase() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String before = ReplicationUserHandler.physicalId(json.readTree("""
                {"Host":"db.example","Port":"5432","Database":"app","Username":"slot2kinesis"}"""));
        String after = ReplicationUserHandler.physicalId(json.readTree("""
                {"Host":"db.example","Port":"5432","Database":"app","Username":"capture"}"""));
        assertThat(after).isEqualTo(before).isEqualTo("db.example:5432/app");
    }

    @Test
    void quotesIdentifiersAndLiterals() {
        assertThat(ReplicationSetup.ident("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(ReplicationSetup.literal("it's")).isEqualTo("'it''s'");
    }

    @Test
    void reportsStaticParametersWaitingForARebootWithTheRebootToDo() throws Exception {
        var props = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"RebootParameters\":{\"max_wal_senders\":\"12\",\"max_replication_slots\":\"10\"}}");
        assertThat(ReplicationUserHandler.rebootMinimums(props))
                .containsExactly(java.util.Map.entry("max_replication_slots", 10), java.util.Map.entry("max_wal_senders", 12));
        assertThat(ReplicationUserHandler.pendingRebootMessage(java.util.List.of(), "aws rds reboot-db-instance --db-instance-identifier db"))
                .startsWith("none");
        assertThat(ReplicationUserHandler.pendingRebootMessage(
                java.util.List.of("max_replication_slots (running 10, parameter group 20)"),
                "aws rds reboot-db-instance --db-instance-identifier db"))
                .isEqualTo("the database runs with older values of static parameters until it is rebooted:"
                        + " max_replication_slots (running 10, parameter group 20). Reboot it in a quiet moment:"
                        + " aws rds reboot-db-instance --db-instance-identifier db");
    }
}
