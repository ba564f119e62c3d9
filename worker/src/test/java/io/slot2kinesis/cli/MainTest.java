package io.slot2kinesis.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private record Outcome(int exitCode, String stdout, String stderr) {}

    private static Outcome execute(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int code = Main.execute(args);
            return new Outcome(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void refusesToStartOnABadSettingNamingItTheValueAndWhatIsAllowed() {
        Outcome outcome = execute("run", "--S2K_STREAM=orders", "--AWS_REGION=eu-west-1", "--S2K_OVERSIZE=drop");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr()).contains("S2K_OVERSIZE 'drop' is not supported: use stop, skip or s3");
    }

    @Test
    void neverPrintsThePasswordGivenOnTheCommandLine() {
        Outcome outcome = execute("run", "--PGPASSWORD=s3cret-value", "--S2K_OVERSIZE=drop");
        assertThat(outcome.stderr() + outcome.stdout()).doesNotContain("s3cret-value");
    }

    @Test
    void rejectsAMappingRuleTheWorkerCannotHonourNamingTheRule(@TempDir Path dir) throws Exception {
        Path mappings = dir.resolve("table-mappings.json");
        Files.writeString(mappings, """
                {"rules": [
                  {"rule-type": "selection", "rule-id": "1", "rule-name": "all", "rule-action": "include",
                   "object-locator": {"schema-name": "public", "table-name": "%"}},
                  {"rule-type": "transformation", "rule-id": "2", "rule-name": "rename-orders", "rule-action": "rename",
                   "rule-target": "table", "value": "sales",
                   "object-locator": {"schema-name": "public", "table-name": "orders"}}
                ]}""");
        Outcome outcome = execute("run", "--S2K_STREAM=orders", "--AWS_REGION=eu-west-1",
                "--S2K_TABLE_MAPPINGS=" + mappings);
        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.stderr()).contains("rename-orders").contains("DMS mode");
    }

    @Test
    void listsEverySettingInTheHelpOfRun() {
        Outcome outcome = execute("run", "--help");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.stdout()).contains("--S2K_SLOT", "--PGHOST", "--S2K_OVERSIZE", "environment variable");
    }

    @Test
    void listsTheCommandsInTheHelpAndTheirOwnOptionsInTheirs() {
        Outcome program = execute();
        assertThat(program.exitCode()).isZero();
        assertThat(program.stdout()).contains("run", "check", "backfill", "--help", "--version");
        Outcome backfill = execute("backfill", "-h");
        assertThat(backfill.exitCode()).isZero();
        assertThat(backfill.stdout()).contains("--table=SCHEMA.TABLE", "--where=SQL", "--wait", "--status", "--S2K_SLOT");
        assertThat(execute("--version").stdout()).startsWith("slot2kinesis ");
    }

    @Test
    void refusesAnUnknownOptionWithExitCode2PointingAtTheHelp() {
        Outcome outcome = execute("check", "--S2K_SLOTS=orders");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.stderr().lines()).containsExactly("slot2kinesis: unknown option '--S2K_SLOTS'",
                "see: slot2kinesis check --help");
    }

    @Test
    void runAndCheckRefuseToStartWhenVerifyFullHasNoReadableCaBundle(@TempDir Path dir) {
        String absent = dir.resolve("global-bundle.pem").toString();
        for (String command : new String[] {"run", "check"}) {
            Outcome outcome = execute(command, "--S2K_STREAM=orders", "--AWS_REGION=eu-west-1",
                    "--PGSSLMODE=verify-full", "--PGSSLROOTCERT=" + absent);
            assertThat(outcome.exitCode()).as(command).isEqualTo(2);
            assertThat(outcome.stderr().lines()).as(command).containsExactly("slot2kinesis: PGSSLROOTCERT '" + absent
                    + "' is not a readable file: point PGSSLROOTCERT at a PEM file of CA certificates (in AWS the RDS "
                    + "bundle at /app/rds-ca/global-bundle.pem, in an image built with -Prds-ca: see docs/deploy.md)");
        }
    }
}
