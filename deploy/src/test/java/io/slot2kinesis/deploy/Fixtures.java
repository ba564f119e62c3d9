package io.slot2kinesis.deploy;

import io.slot2kinesis.infra.config.DeploymentConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The environments of the repository's own cdk.json (dev, prod, staging-cluster, aurora), read from the root
 * (tests run in deploy/): a copy would drift from what ships.
 */
final class Fixtures {

    private Fixtures() {
    }

    static Path cdkJson() {
        Path file = Path.of("..", "cdk.json").toAbsolutePath().normalize();
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the repository's cdk.json is not at " + file);
        }
        return file;
    }

    static DeploymentConfig config(String env, String mode) {
        return Environments.read(cdkJson(), env, mode, null);
    }
}
