package io.slot2kinesis.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * Point 4 of issue 15, the first deploy of an existing database in two phases: the parameter group in a stack of its
 * own (deployed, attached, rebooted), then the main stack, which depends on it. A main stack that fails (wal_level not
 * yet logical) rolls back alone: the group the operator was told to attach is in the other stack and stays.
 */
class ExistingDatabaseTest {

    @SuppressWarnings("unchecked")
    private static App.Stacks existingDev() {
        Map<String, Object> context = TestApps.cdkJsonContext();
        Map<String, Object> envs = new LinkedHashMap<>((Map<String, Object>) context.get("environments"));
        Map<String, Object> env = new LinkedHashMap<>((Map<String, Object>) envs.get("dev"));
        Map<String, Object> db = new LinkedHashMap<>((Map<String, Object>) env.get("database"));
        db.put("existing", Map.of(
                "instanceIdentifier", "app-db",
                "endpoint", "app-db.abc.eu-west-1.rds.amazonaws.com",
                "securityGroupId", "sg-0123456789abcdef0",
                "masterSecretArn", "arn:aws:secretsmanager:eu-west-1:111111111111:secret:app-master-AbCdEf"));
        db.put("bastion", false);
        env.put("database", db);
        envs.put("dev", env);
        context.put("environments", envs);
        context.put("env", "dev");
        context.put("mode", "dms");
        return App.build(new software.amazon.awscdk.App(AppProps.builder().context(context).build()));
    }

    @Test
    void phaseOneIsTheParameterGroupAlonePhaseTwoTheRestAfterIt() {
        App.Stacks stacks = existingDev();
        assertThat(stacks.parameterGroup()).isNotNull();
        assertThat(stacks.parameterGroup().getStackName()).isEqualTo("slot2kinesis-dev-parameters");
        Template parameters = Template.fromStack(stacks.parameterGroup());
        assertThat(((Map<?, ?>) parameters.toJSON().get("Resources"))).hasSize(1);
        parameters.hasResourceProperties("AWS::RDS::DBParameterGroup", Match.objectLike(Map.of(
                "Family", "postgres17",
                "Parameters", Match.objectLike(Map.of(
                        "rds.logical_replication", "1",
                        "max_worker_processes", "GREATEST({DBInstanceVCPU*2},18)")))));

        assertThat(parameters.findOutputs("AttachParameterGroup").toString()).contains(
                "aws rds modify-db-instance --db-instance-identifier app-db --db-parameter-group-name ",
                "{Ref=", " --apply-immediately && aws rds reboot-db-instance --db-instance-identifier app-db");

        Template main = Template.fromStack(stacks.main());
        main.resourceCountIs("AWS::RDS::DBParameterGroup", 0);
        main.resourceCountIs("AWS::RDS::DBInstance", 0);
        main.resourceCountIs("Custom::Slot2KinesisReplicationUser", 1);
        main.resourceCountIs("AWS::DMS::ReplicationConfig", 1);
        assertThat(stacks.main().getDependencies()).contains(stacks.parameterGroup());
        assertThat(stacks.parameterGroup().getDependencies()).isEmpty();
        assertThat(main.findOutputs("AttachParameterGroup").toString()).contains(
                "aws rds modify-db-instance --db-instance-identifier app-db --db-parameter-group-name ",
                "Fn::ImportValue", " --apply-immediately && aws rds reboot-db-instance --db-instance-identifier app-db");
        // the replication-user resource reports a reboot still to do, named in the output PendingReboot
        main.hasResourceProperties("Custom::Slot2KinesisReplicationUser", Match.objectLike(Map.of(
                "RebootParameters", Map.of("max_logical_replication_workers", "10", "max_replication_slots", "10",
                        "max_wal_senders", "12", "max_worker_processes", "18"),
                "RebootCommand", "aws rds reboot-db-instance --db-instance-identifier app-db")));
        assertThat(main.findOutputs("PendingReboot").toString()).contains("Fn::GetAtt", "PendingReboot");
        // cdk-nag on both stacks of an existing database
        assertThat(NagTest.findings(stacks.parameterGroup())).isEmpty();
        assertThat(NagTest.findings(stacks.main())).isEmpty();
    }

    @Test
    void aNewDatabaseKeepsItsParameterGroupNextToIt() {
        App.Stacks stacks = TestApps.build("dev", "dms").stacks();
        assertThat(stacks.parameterGroup()).isNull();
        Template main = TestApps.build("dev", "dms").main();
        main.resourceCountIs("AWS::RDS::DBParameterGroup", 1);
        main.resourceCountIs("AWS::RDS::DBInstance", 1);
    }
}
