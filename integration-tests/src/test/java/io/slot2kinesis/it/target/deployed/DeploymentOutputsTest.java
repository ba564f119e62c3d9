package io.slot2kinesis.it.target.deployed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slot2kinesis.it.target.CaptureMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentOutputsTest {
    private static final String WORKER_STACK = """
            {"Slot2KinesisData": {"StreamName": "changes", "StreamArn": "arn:aws:kinesis:eu-west-1:123456789012:stream/changes",
              "DatabaseEndpoint": "db.abc.eu-west-1.rds.amazonaws.com", "DatabasePort": "5432",
              "MasterSecretArn": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"},
             "Slot2KinesisCapture": {"Mode": "worker", "SlotName": "slot2kinesis", "Publication": "slot2kinesis",
              "StreamName": "changes"}}
            """;

    @TempDir
    Path directory;

    private Path write(String json) throws IOException {
        Path file = directory.resolve("outputs.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void readsTheOutputsOfEveryStackInTheFile() throws IOException {
        DeploymentOutputs outputs = DeploymentOutputs.read(write(WORKER_STACK));

        assertThat(outputs.streamName()).isEqualTo("changes");
        assertThat(outputs.databasePort()).isEqualTo(5432);
        assertThat(outputs.mode()).isEqualTo(CaptureMode.WORKER);
        assertThat(outputs.slotName()).isEqualTo("slot2kinesis");
        assertThat(outputs.publication()).isEqualTo("slot2kinesis");
        assertThat(outputs.region()).isEqualTo("eu-west-1");
    }

    @Test
    void readsDmsModeInAnyCase() throws IOException {
        assertThat(DeploymentOutputs.read(write(WORKER_STACK.replace("\"worker\"", "\"DMS\""))).mode())
                .isEqualTo(CaptureMode.DMS);
    }

    @Test
    void namesEveryMissingOutputAndTheFile() throws IOException {
        Path file = write("{\"Stack\": {\"StreamName\": \"changes\", \"Mode\": \"worker\"}}");

        assertThatThrownBy(() -> DeploymentOutputs.read(file)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("missing output(s) [StreamArn, DatabaseEndpoint, DatabasePort, MasterSecretArn,"
                        + " SlotName, Publication]");
    }

    @Test
    void rejectsAnOutputWhoseStacksDisagreeAndAnUnknownMode() throws IOException {
        Path file = write(WORKER_STACK.replace("\"Mode\": \"worker\"", "\"Mode\": \"kafka\"")
                .replaceFirst("(?s)(Slot2KinesisCapture.*)\"StreamName\": \"changes\"", "$1\"StreamName\": \"other\""));

        assertThatThrownBy(() -> DeploymentOutputs.read(file)).hasMessageContaining(
                "StreamName differs between stacks Slot2KinesisData ('changes') and Slot2KinesisCapture ('other')")
                .hasMessageContaining("Mode 'kafka' is neither 'worker' nor 'dms'");
    }

    @Test
    void saysHowToProvideTheFileWhenNoneIsGiven() {
        assertThatThrownBy(() -> DeploymentOutputs.locateAndRead(Map.of(), Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("s2k.target=deployed needs the outputs of 'cdk deploy --outputs-file <file>': pass"
                        + " -Ds2k.outputs=<file> or set S2K_OUTPUTS_FILE=<file>");
    }

    @Test
    void namesTheMissingFileAndWhereItsPathCameFrom() {
        Path missing = directory.resolve("nowhere.json");

        assertThatThrownBy(() -> DeploymentOutputs.locateAndRead(Map.of(), Map.of("S2K_OUTPUTS_FILE",
                missing.toString()))).hasMessage("s2k.target=deployed: the outputs file " + missing
                + " (from environment variable S2K_OUTPUTS_FILE) does not exist; write it with"
                + " 'cdk deploy --outputs-file " + missing + "'");
    }

    @Test
    void prefersTheSystemPropertyOverTheEnvironment() throws IOException {
        Path file = write(WORKER_STACK);

        assertThat(DeploymentOutputs.locateAndRead(Map.of("s2k.outputs", file.toString()),
                Map.of("S2K_OUTPUTS_FILE", "/nonexistent")).streamName()).isEqualTo("changes");
    }

    @Test
    void readsARelativePathFromWhereMavenWasStartedNotFromTheModule() throws IOException {
        Path file = write(WORKER_STACK);

        DeploymentOutputs outputs = DeploymentOutputs.locateAndRead(Map.of("s2k.outputs",
                file.getFileName().toString(), "s2k.invocationDirectory", file.getParent().toString()), Map.of());

        assertThat(outputs.streamName()).isEqualTo("changes");
    }
}
