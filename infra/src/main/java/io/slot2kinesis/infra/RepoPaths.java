package io.slot2kinesis.infra;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository that synth reads, found from the repository root whatever the working directory. */
public final class RepoPaths {
    private RepoPaths() {
    }

    /** The nearest directory, from the working directory up, that holds cdk.json. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("cdk.json"))) {
                return p;
            }
        }
        throw new IllegalStateException("cdk.json not found in " + dir + " or above: run synth from the repository");
    }

    public static Path resolve(String relative) {
        return root().resolve(relative).normalize();
    }

    /** The shaded jar of the custom-resources module: built by `./mvnw -pl infra -am package`. */
    public static Path customResourcesJar() {
        Path jar = resolve("custom-resources/target/custom-resources-lambda.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build it first with ./mvnw -pl infra -am package");
        }
        return jar;
    }
}
