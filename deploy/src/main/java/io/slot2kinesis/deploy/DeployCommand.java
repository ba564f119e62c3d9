package io.slot2kinesis.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.infra.GroupsFile;
import io.slot2kinesis.infra.config.ConfigException;
import io.slot2kinesis.infra.config.DeploymentConfig;
import io.slot2kinesis.infra.config.Mode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code ./dev deploy <env> [--mode dms|worker] [--yes]}: checks first (credentials and account, CDK bootstrap,
 * database version and class, DMS roles, Kinesis quota), then in worker mode pushes the image tagged by the commit,
 * then {@code cdk deploy} of every stack of the environment, then prints the outputs and the integration-test command.
 */
public final class DeployCommand {

    public static final String OUTPUTS_FILE = "cdk-outputs.json";

    private final Path root;
    private final Function<String, AwsClients> clients;
    private final ProcessRunner runner;
    private final PrintStream out;
    private final Clock clock;

    public DeployCommand(Path root, Function<String, AwsClients> clients, ProcessRunner runner, PrintStream out, Clock clock) {
        this.root = root;
        this.clients = clients;
        this.runner = runner;
        this.out = out;
        this.clock = clock;
    }

    /** The checks of one environment, in order (credentials first: it gates the others). */
    static List<Check> checks(AwsClients aws, DeploymentConfig config) {
        List<Check> checks = new ArrayList<>();
        checks.add(new CredentialsCheck(aws, config.envName(), config.account()));
        checks.add(new BootstrapCheck(aws, config.account()));
        checks.add(new DatabaseCheck(aws, config.database()));
        if (config.mode() == Mode.DMS) {
            checks.add(new DmsRolesCheck(aws, config.envName(), config.stackName() + "-dms-account-roles",
                    config.dms().createAccountRoles()));
            // The replication subnet group holds the VPC's isolated subnets: one per availability zone.
            checks.add(new DmsQuotaCheck(aws, config.stackName(), config.availabilityZones().size()));
        }
        checks.add(new KinesisQuotaCheck(aws, config.stream()));
        return checks;
    }

    /** Returns the exit code: 0 deployed, 1 a check or step failed, 2 the environment is not valid. */
    public int run(String env, String mode, boolean yes) {
        String tag = null;
        DeploymentConfig config;
        try {
            DeploymentConfig plain = Environments.read(root.resolve("cdk.json"), env, mode, null);
            // The groups file as synth checks it: a wrong path or file stops here, before the image is built.
            GroupsFile.read(root, plain.worker().tableGroups());
            if (plain.mode() == Mode.WORKER) {
                tag = ImageTag.of(runner, clock);
                config = Environments.read(root.resolve("cdk.json"), env, mode, tag);
            } else {
                config = plain;
            }
        } catch (ConfigException | IllegalArgumentException e) {
            out.println("deploy: " + e.getMessage());
            return 2;
        }
        String modeId = config.mode() == Mode.WORKER ? "worker" : "dms";
        out.println("deploy " + config.stackName() + " (mode " + modeId + ") to aws://" + config.account() + "/" + config.region());
        try (AwsClients aws = clients.apply(config.region())) {
            Preflight.Report report = new Preflight(checks(aws, config)).run(out);
            if (!report.ok()) {
                out.println("deploy: stopped before changing anything: " + report.failures().size() + " check(s) failed, see FAIL above");
                return 1;
            }
            if (config.mode() == Mode.WORKER) {
                WorkerImage image = new WorkerImage(aws, runner, config.stackName() + "-worker");
                if (!image.repositoryExists()) {
                    out.println("step: create the ECR repository " + image.repository() + " (stack " + config.stackName() + "-images)");
                    if (runner.run(Cdk.deployImages(env, modeId, config.stackName() + "-images", yes), Cdk.ENV) != 0) {
                        out.println("deploy: cdk deploy of " + config.stackName() + "-images failed: see cdk's message above");
                        return 1;
                    }
                }
                if (ImageTag.clean(tag) && image.tagExists(tag)) {
                    out.println("step: image " + image.repository() + ":" + tag + " is already pushed (the same commit): not rebuilt");
                } else {
                    out.println("step: build the worker image and push it as " + image.repository() + ":" + tag);
                    out.println("pushed " + image.buildAndPush(tag));
                }
            }
            Path outputs = root.resolve(OUTPUTS_FILE).toAbsolutePath();
            out.println("step: cdk deploy of every stack of " + env + (tag == null ? "" : ", worker image " + tag)
                    + " (CloudFormation waits for the ECS service to be stable; the circuit breaker rolls back a task that cannot start)");
            if (runner.run(Cdk.deploy(env, modeId, tag, outputs, yes), Cdk.ENV) != 0) {
                out.println("deploy: cdk deploy failed: see cdk's message above (a rolled-back worker deploy names the"
                        + " task's reason in the ECS service events)");
                return 1;
            }
            printOutputs(outputs);
            out.println();
            out.println("Run the integration tests against this deployment (database reached through the DatabaseAccess"
                    + " port-forward above, docs/deploy.md \"Reaching the database\"):");
            out.println("  " + integrationTestCommand(outputs));
            return 0;
        } catch (WorkerImage.StepFailed e) {
            out.println("deploy: " + e.getMessage());
            return 1;
        } catch (SdkException e) {
            out.println("deploy: " + Finding.error("aws", "a call", e).message());
            return 1;
        }
    }

    static String integrationTestCommand(Path outputs) {
        return "./mvnw -pl integration-tests -am verify -Ds2k.target=deployed -Ds2k.outputs=" + outputs
                + " -Ds2k.databaseAddress=localhost:15432";
    }

    private void printOutputs(Path outputs) {
        if (!Files.isRegularFile(outputs)) {
            out.println("(cdk wrote no " + outputs + ")");
            return;
        }
        try {
            JsonNode stacks = new ObjectMapper().readTree(outputs.toFile());
            out.println("Outputs (" + outputs + "):");
            for (Map.Entry<String, JsonNode> stack : stacks.properties()) {
                for (Map.Entry<String, JsonNode> output : stack.getValue().properties()) {
                    out.println("  " + stack.getKey() + "." + output.getKey() + " = " + output.getValue().asText());
                }
            }
        } catch (IOException e) {
            out.println("(could not read " + outputs + ": " + e.getMessage() + ")");
        }
    }
}
