package io.slot2kinesis.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.slot2kinesis.infra.config.ConfigException;
import io.slot2kinesis.infra.config.DeploymentConfig;
import io.slot2kinesis.infra.config.Mode;
import io.slot2kinesis.infra.stacks.DmsAccountRolesStack;
import io.slot2kinesis.infra.stacks.ParameterGroupStack;
import io.slot2kinesis.infra.stacks.Slot2KinesisStack;
import io.slot2kinesis.infra.stacks.WorkerImageStack;
import io.slot2kinesis.mapping.TableGroups;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Validations;

/** The CDK app: {@code npx cdk synth -c env=dev [-c mode=dms|worker]} from the repository root. */
public final class App {
    /** Replication slots kept free beside the table groups' slots: the other mode's, while switching, and one spare. */
    static final int SLOTS_BESIDES_GROUPS = 2;

    /**
     * The stacks of one environment; {@code dmsAccountRoles} is null unless the environment creates them,
     * {@code parameterGroup} unless the database exists already.
     */
    public record Stacks(
            DeploymentConfig config,
            Slot2KinesisStack main,
            WorkerImageStack workerImages,
            DmsAccountRolesStack dmsAccountRoles,
            ParameterGroupStack parameterGroup) {
    }

    private App() {
    }

    public static void main(String[] args) {
        software.amazon.awscdk.App app = new software.amazon.awscdk.App();
        try {
            build(app);
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("slot2kinesis: " + e.getMessage());
            System.exit(2);
        }
        app.synth();
    }

    /** Reads the environment from the app's context, checks it and the table mappings, adds its stacks. */
    public static Stacks build(software.amazon.awscdk.App app) {
        DeploymentConfig config = DeploymentConfig.fromContext(key -> app.getNode().tryGetContext(key));
        MappingsFile mappings = MappingsFile.read(RepoPaths.resolve(config.tableMappingsPath()));
        TableGroups groups = GroupsFile.read(RepoPaths.root(), config.worker().tableGroups());
        if (groups != null && config.mode() == Mode.DMS) {
            System.err.println("slot2kinesis: " + Slot2KinesisStack.dmsIgnoresGroups(groups));
        }
        if (groups != null && config.mode() == Mode.WORKER) {
            GroupsFile.requireSlots(groups, config, SLOTS_BESIDES_GROUPS);
        }
        StackProps env = StackProps.builder()
                .env(Environment.builder().account(config.account()).region(config.region()).build())
                .build();

        WorkerImageStack images = new WorkerImageStack(app, config.stackName() + "-images", env,
                config.stackName() + "-worker");
        DmsAccountRolesStack roles = config.dms().createAccountRoles()
                ? new DmsAccountRolesStack(app, config.stackName() + "-dms-account-roles", env)
                : null;
        // An existing database: phase 1 deploys its parameter group alone (attach it, reboot), phase 2 the rest.
        ParameterGroupStack parameters = config.database().createsDatabase()
                ? null
                : new ParameterGroupStack(app, config.stackName() + "-parameters", env, config.envName());
        Slot2KinesisStack main = new Slot2KinesisStack(app, config.stackName(), new Slot2KinesisStack.Props(
                config, mappings, groups, images.repositoryName(), RepoPaths.customResourcesJar(),
                RepoPaths.resolve("worker"), parameters));
        main.addDependency(images);
        if (parameters != null) {
            main.addDependency(parameters);
        }
        if (roles != null && config.mode() == Mode.DMS) {
            main.addDependency(roles);
        }
        Validations.of(app).addPlugins(new AwsSolutionsChecks(app, NagPackProps.builder().verbose(true).build()));
        return new Stacks(config, main, images, roles, parameters);
    }
}
