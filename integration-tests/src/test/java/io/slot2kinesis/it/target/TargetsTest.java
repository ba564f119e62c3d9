package io.slot2kinesis.it.target;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetsTest {

    @Test
    void refusesTheContainersTargetWithoutADockerEngine() {
        assertThatThrownBy(() -> Targets.select(Map.of("s2k.target", "containers"),
                Map.of("DOCKER_HOST", "unix:///nonexistent/docker.sock")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("s2k.target=containers needs a Docker engine (Testcontainers supplies PostgreSQL there)"
                        + " and none is reachable at unix:///nonexistent/docker.sock (set DOCKER_HOST or start"
                        + " Docker); run the local target (the default) instead");
    }

    @Test
    void refusesTheDeployedTargetWithoutAnOutputsFile() {
        assertThatThrownBy(() -> Targets.select(Map.of("s2k.target", "deployed"), Map.of()))
                .hasMessageContaining("s2k.target=deployed needs the outputs of 'cdk deploy --outputs-file <file>'");
    }

    @Test
    void namesTheTargetsItKnows() {
        assertThatThrownBy(() -> Targets.select(Map.of("s2k.target", "staging"), Map.of()))
                .hasMessage("s2k.target 'staging' is not a target: use local (default), deployed or containers");
    }
}
