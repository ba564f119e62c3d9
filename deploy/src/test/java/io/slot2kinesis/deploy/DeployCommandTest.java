package io.slot2kinesis.deploy;

import static io.slot2kinesis.deploy.AwsStandIn.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands a deploy and a destroy would run (cdk, Maven/Jib), in order, without running them. */
class DeployCommandTest {

    private static final String PASSWORD = "secret-ecr-password";
    private static final String TOKEN = java.util.Base64.getEncoder().encodeToString(("AWS:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    private static final String REGISTRY = "111111111111.dkr.ecr.eu-west-1.amazonaws.com";

    @TempDir
    Path root;
    private AwsStandIn aws;
    private final RecordingRunner runner = new RecordingRunner();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:34:56Z"), ZoneOffset.UTC);

    @BeforeEach
    void start() throws Exception {
        aws = new AwsStandIn();
        Files.copy(Fixtures.cdkJson(), root.resolve("cdk.json"));
        aws.answer("GetAuthorizationToken", 200, "{\"authorizationData\":[{\"authorizationToken\":\"" + TOKEN
                + "\",\"expiresAt\":1.7E9,\"proxyEndpoint\":\"https://" + REGISTRY + "\"}]}");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private int deploy(String env, String mode) {
        return new DeployCommand(root, aws::clients, runner, new PrintStream(printed, true, StandardCharsets.UTF_8), clock)
                .run(env, mode, false);
    }

    private int destroy(String env) {
        return new DestroyCommand(root, aws::clients, runner, new PrintStream(printed, true, StandardCharsets.UTF_8)).run(env, false);
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void workerDeployCreatesTheRepositoryPushesByCommitAndDeploysThatTag() {
        aws.healthyDev()
                .answer("DescribeRepositories", 400, jsonError("RepositoryNotFoundException", "no repository"))
                .answer("DescribeImages", 400, jsonError("ImageNotFoundException", "no image"));
        assertThat(deploy("dev", null)).isZero();
        Path outputs = root.resolve("cdk-outputs.json").toAbsolutePath();
        assertThat(runner.lines()).containsExactly(
                "npx --no-install cdk deploy -c env=dev -c mode=worker slot2kinesis-dev-images --exclusively --no-notices",
                "./mvnw -q -B -ntp -pl worker -am -Prds-ca package -DskipTests -DskipITs",
                "./mvnw -q -B -ntp -pl worker -Prds-ca -gs " + runner.runs.get(2).command().get(runner.runs.get(2).command().indexOf("-gs") + 1)
                        + " jib:build -Dimage=" + REGISTRY + "/slot2kinesis-dev-worker:0123456789ab",
                "npx --no-install cdk deploy -c env=dev -c mode=worker -c workerImageTag=0123456789ab --all --outputs-file "
                        + outputs + " --no-notices");
        assertThat(runner.runs.get(0).env()).containsEntry("MAVEN_ARGS", "-Prds-ca");
        assertThat(runner.runs.get(3).env()).containsEntry("MAVEN_ARGS", "-Prds-ca");
        assertThat(printed()).contains("  slot2kinesis-dev.StreamName = slot2kinesis-dev")
                .contains("./mvnw -pl integration-tests -am verify -Ds2k.target=deployed -Ds2k.outputs=" + outputs
                        + " -Ds2k.databaseAddress=localhost:15432");
    }

    @Test
    void theEcrPasswordReachesJibOnlyThroughTheEnvironment() {
        aws.healthyDev()
                .answer("DescribeRepositories", 200, "{\"repositories\":[{\"repositoryName\":\"slot2kinesis-dev-worker\"}]}")
                .answer("DescribeImages", 400, jsonError("ImageNotFoundException", "no image"));
        assertThat(deploy("dev", null)).isZero();
        RecordingRunner.Run jib = runner.runs.stream().filter(r -> r.command().contains("jib:build")).findFirst().orElseThrow();
        assertThat(jib.env()).containsExactly(java.util.Map.entry(WorkerImage.PASSWORD_ENV, PASSWORD));
        assertThat(jib.settings()).contains("<id>" + REGISTRY + "</id>").contains("<username>AWS</username>")
                .contains("<password>${env.S2K_ECR_PASSWORD}</password>").doesNotContain(PASSWORD);
        assertThat(runner.runs).allSatisfy(r -> assertThat(r.line()).doesNotContain(PASSWORD));
        assertThat(printed()).doesNotContain(PASSWORD);
        assertThat(Path.of(jib.command().get(jib.command().indexOf("-gs") + 1))).doesNotExist();
    }

    @Test
    void aDirtyTreeTagsByCommitAndTime() {
        runner.status = " M README.md";
        aws.healthyDev()
                .answer("DescribeRepositories", 200, "{\"repositories\":[{\"repositoryName\":\"slot2kinesis-dev-worker\"}]}");
        assertThat(deploy("dev", null)).isZero();
        assertThat(runner.lines().get(1)).endsWith(":0123456789ab-dirty-20260301T123456Z");
        assertThat(runner.lines().get(2)).contains("-c workerImageTag=0123456789ab-dirty-20260301T123456Z");
    }

    @Test
    void anImageAlreadyPushedForTheCommitIsNotRebuilt() {
        aws.healthyDev()
                .answer("DescribeRepositories", 200, "{\"repositories\":[{\"repositoryName\":\"slot2kinesis-dev-worker\"}]}")
                .answer("DescribeImages", 200, "{\"imageDetails\":[{\"imageTags\":[\"0123456789ab\"]}]}");
        assertThat(deploy("dev", null)).isZero();
        assertThat(runner.lines()).singleElement().asString().startsWith("npx --no-install cdk deploy -c env=dev -c mode=worker -c workerImageTag=0123456789ab --all");
        assertThat(aws.operations()).doesNotContain("GetAuthorizationToken");
    }

    @Test
    void dmsDeployRunsTheDmsChecksAndNoImageStep() {
        aws.healthyDev()
                .answer("GetRole", 404, queryError("NoSuchEntity", "The role cannot be found"));
        assertThat(deploy("dev", "dms")).isZero();
        assertThat(aws.operations()).contains("GetRole", "DescribeReplicationConfigs", "DescribeAccountAttributes")
                .doesNotContain("GetAuthorizationToken", "DescribeRepositories");
        assertThat(runner.lines()).containsExactly("npx --no-install cdk deploy -c env=dev -c mode=dms --all --outputs-file "
                + root.resolve("cdk-outputs.json").toAbsolutePath() + " --no-notices");
    }

    @Test
    void aFailedCheckStopsBeforeAnythingRuns() {
        aws.healthyDev().answer("GetParameter", 400, jsonError("ParameterNotFound", "not found"));
        assertThat(deploy("dev", null)).isEqualTo(1);
        assertThat(runner.runs).isEmpty();
        assertThat(printed()).contains("FAIL  bootstrap: aws://111111111111/eu-west-1 is not bootstrapped")
                .contains("deploy: stopped before changing anything: 1 check(s) failed, see FAIL above");
    }

    @Test
    void anUnknownEnvironmentIsOneLine() {
        assertThat(deploy("nope", null)).isEqualTo(2);
        assertThat(printed()).isEqualTo("deploy: env 'nope' is not defined in cdk.json: use one of aurora, dev, prod, staging-cluster"
                + System.lineSeparator());
        assertThat(aws.calls).isEmpty();
    }

    @Test
    void aMissingTableGroupsFileIsOneLineBeforeAnythingRuns() throws Exception {
        Files.writeString(root.resolve("cdk.json"), Files.readString(root.resolve("cdk.json")).replaceFirst(
                "\"worker\": \\{ ", "\"worker\": { \"tableGroups\": \"dms-mappings/table-groups-dev.json\", "));
        assertThat(deploy("dev", null)).isEqualTo(2);
        assertThat(printed()).isEqualTo("deploy: environments.dev.worker.tableGroups 'dms-mappings/table-groups-dev.json'"
                + " does not exist: create it (format in the README, \"Table groups\";"
                + " dms-mappings/table-groups.example.json is an example) or fix the path" + System.lineSeparator());
        assertThat(runner.runs).isEmpty();
        assertThat(aws.calls).isEmpty();
    }

    @Test
    void aFailedCdkDeployExitsOne() {
        aws.healthyDev()
                .answer("DescribeRepositories", 200, "{\"repositories\":[{\"repositoryName\":\"slot2kinesis-dev-worker\"}]}")
                .answer("DescribeImages", 200, "{\"imageDetails\":[{\"imageTags\":[\"0123456789ab\"]}]}");
        runner.exitCode = 1;
        assertThat(deploy("dev", null)).isEqualTo(1);
        assertThat(printed()).contains("deploy: cdk deploy failed");
    }

    @Test
    void destroyRemovesTheMainStackAndSaysWhatStays() {
        aws.answer("GetCallerIdentity", 200, callerIdentity("111111111111"))
                .answer("DescribeStacks", 200, stack("slot2kinesis-dev", "", false));
        assertThat(destroy("dev")).isZero();
        assertThat(runner.lines()).containsExactly(
                "npx --no-install cdk destroy -c env=dev -c mode=worker slot2kinesis-dev --exclusively --no-notices");
        assertThat(printed()).contains("kept  no snapshot: the database is deleted with its data")
                .contains("kept  stack slot2kinesis-dev-images and its ECR repository")
                .contains("kept  stack slot2kinesis-dev-dms-account-roles");
    }

    @Test
    void destroyRefusesATerminationProtectedStack() {
        aws.answer("GetCallerIdentity", 200, callerIdentity("222222222222"))
                .answer("DescribeStacks", 200, stack("slot2kinesis-prod", "", true));
        assertThat(destroy("prod")).isEqualTo(1);
        assertThat(runner.runs).isEmpty();
        assertThat(printed()).contains("FAIL  stack: slot2kinesis-prod has termination protection"
                + " (environments.prod.database.deletionProtection is true): set it to false and ./dev deploy prod, then destroy");
    }

    @Test
    void destroyOfNothingSaysSo() {
        aws.answer("GetCallerIdentity", 200, callerIdentity("111111111111"))
                .answer("DescribeStacks", 400, noStack("slot2kinesis-dev"));
        assertThat(destroy("dev")).isZero();
        assertThat(runner.runs).isEmpty();
        assertThat(printed()).contains("slot2kinesis-dev does not exist in aws://111111111111/eu-west-1: nothing to destroy");
    }

    @Test
    void destroyWithOtherCredentialsStops() {
        aws.answer("GetCallerIdentity", 200, callerIdentity("999999999999"));
        assertThat(destroy("dev")).isEqualTo(1);
        assertThat(runner.runs).isEmpty();
        assertThat(aws.operations()).containsExactly("GetCallerIdentity");
    }

    @Test
    void yesSkipsCdksQuestions() {
        assertThat(Cdk.deploy("dev", "dms", null, Path.of("/r/cdk-outputs.json"), true)).endsWith("--require-approval", "never");
        assertThat(Cdk.destroy("dev", "dms", "slot2kinesis-dev", true)).endsWith("--force");
    }
}
