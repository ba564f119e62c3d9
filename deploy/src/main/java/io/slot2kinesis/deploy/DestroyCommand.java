package io.slot2kinesis.deploy;

import io.slot2kinesis.infra.config.ConfigException;
import io.slot2kinesis.infra.config.DatabaseConfig;
import io.slot2kinesis.infra.config.DeploymentConfig;
import io.slot2kinesis.infra.config.Mode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * {@code ./dev destroy <env> [--yes]}: checks the credentials and account, that the environment's stack exists and
 * has no termination protection, says what stays, then {@code cdk destroy} of the environment's main stack.
 */
public final class DestroyCommand {

    private final Path root;
    private final Function<String, AwsClients> clients;
    private final ProcessRunner runner;
    private final PrintStream out;

    public DestroyCommand(Path root, Function<String, AwsClients> clients, ProcessRunner runner, PrintStream out) {
        this.root = root;
        this.clients = clients;
        this.runner = runner;
        this.out = out;
    }

    public int run(String env, boolean yes) {
        DeploymentConfig config;
        try {
            config = Environments.read(root.resolve("cdk.json"), env, null, null);
        } catch (ConfigException | IllegalArgumentException e) {
            out.println("destroy: " + e.getMessage());
            return 2;
        }
        String stack = config.stackName();
        out.println("destroy " + stack + " in aws://" + config.account() + "/" + config.region());
        try (AwsClients aws = clients.apply(config.region())) {
            Preflight.Report report = new Preflight(List.of(new CredentialsCheck(aws, env, config.account()))).run(out);
            if (!report.ok()) {
                out.println("destroy: stopped before changing anything: see FAIL above");
                return 1;
            }
            Stack deployed;
            try {
                List<Stack> stacks = aws.cloudFormation().describeStacks(b -> b.stackName(stack)).stacks();
                deployed = stacks.isEmpty() ? null : stacks.get(0);
            } catch (CloudFormationException e) {
                if (!String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                    throw e;
                }
                deployed = null;
            }
            if (deployed == null) {
                out.println("destroy: " + stack + " does not exist in aws://" + config.account() + "/" + config.region() + ": nothing to destroy");
                return 0;
            }
            if (Boolean.TRUE.equals(deployed.enableTerminationProtection())) {
                out.println("FAIL  stack: " + stack + " has termination protection (environments." + env
                        + ".database.deletionProtection is true): set it to false and ./dev deploy " + env + ", then destroy");
                return 1;
            }
            out.println("ok    stack: " + stack + " is " + deployed.stackStatusAsString());
            for (String line : retained(config)) {
                out.println("kept  " + line);
            }
            String mode = config.mode() == Mode.WORKER ? "worker" : "dms";
            if (runner.run(Cdk.destroy(env, mode, stack, yes), Cdk.ENV) != 0) {
                out.println("destroy: cdk destroy failed: see cdk's message above");
                return 1;
            }
            return 0;
        } catch (SdkException e) {
            out.println("destroy: " + Finding.error("aws", "cloudformation:DescribeStacks " + stack, e).message());
            return 1;
        }
    }

    /** What a destroy of the main stack leaves, from the environment's configuration. */
    static List<String> retained(DeploymentConfig config) {
        List<String> kept = new ArrayList<>();
        DatabaseConfig db = config.database();
        if (!db.createsDatabase()) {
            kept.add("the existing database " + db.existing().identifier() + " (not the stack's)"
                    + (config.replication().dropOnDelete() ? "; the slots, publication and user the stack created are dropped"
                            : "; its replication user, publication and slots stay (replication.dropOnDelete is false)"));
        } else if (db.snapshotOnDelete()) {
            kept.add("a final snapshot of the database (database.snapshotOnDelete): delete it in RDS when no longer needed");
        } else {
            kept.add("no snapshot: the database is deleted with its data (database.snapshotOnDelete is false)");
        }
        if (db.deletionProtection()) {
            kept.add("the stream and its key (retained while database.deletionProtection is true)");
        }
        kept.add("stack " + config.stackName() + "-images and its ECR repository with the worker images"
                + " (npx cdk destroy -c env=" + config.envName() + " " + config.stackName() + "-images, then delete the repository)");
        if (config.dms().createAccountRoles()) {
            kept.add("stack " + config.stackName() + "-dms-account-roles (account-wide: destroy it when no DMS remains in the account)");
        }
        return kept;
    }
}
