package io.slot2kinesis.deploy;

import io.slot2kinesis.infra.config.DeploymentConfig;
import java.net.URISyntaxException;
import java.nio.file.Path;

/** The environments of a copy of the repository's cdk.json (dev, prod, staging-cluster, aurora). */
final class Fixtures {

    private Fixtures() {
    }

    static Path cdkJson() {
        try {
            return Path.of(Fixtures.class.getResource("/cdk.json").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static DeploymentConfig config(String env, String mode) {
        return Environments.read(cdkJson(), env, mode, null);
    }
}
