package io.slot2kinesis.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The cdk command lines of a deploy and a destroy (the CLI pinned in package.json, through npx). */
final class Cdk {

    /** The cdk.json app builds with -Prds-ca: the custom-resource Lambda and the worker asset carry the RDS CA bundle. */
    static final Map<String, String> ENV = Map.of("MAVEN_ARGS", "-Prds-ca");

    private Cdk() {
    }

    private static List<String> base(String verb, String env, String mode) {
        List<String> command = new ArrayList<>(List.of("npx", "--no-install", "cdk", verb, "-c", "env=" + env, "-c", "mode=" + mode));
        return command;
    }

    /** Only the ECR repository's stack, before the first push to it. */
    static List<String> deployImages(String env, String mode, String imagesStack, boolean yes) {
        List<String> command = base("deploy", env, mode);
        command.addAll(List.of(imagesStack, "--exclusively", "--no-notices"));
        if (yes) {
            command.addAll(List.of("--require-approval", "never"));
        }
        return command;
    }

    /** Every stack of the environment, the worker by its tag, writing the outputs the integration tests read. */
    static List<String> deploy(String env, String mode, String imageTag, Path outputs, boolean yes) {
        List<String> command = base("deploy", env, mode);
        if (imageTag != null) {
            command.addAll(List.of("-c", "workerImageTag=" + imageTag));
        }
        command.addAll(List.of("--all", "--outputs-file", outputs.toString(), "--no-notices"));
        if (yes) {
            command.addAll(List.of("--require-approval", "never"));
        }
        return command;
    }

    /** The environment's main stack only: the image repository and the account's DMS roles stay. */
    static List<String> destroy(String env, String mode, String stack, boolean yes) {
        List<String> command = base("destroy", env, mode);
        command.addAll(List.of(stack, "--exclusively", "--no-notices"));
        if (yes) {
            command.add("--force");
        }
        return command;
    }
}
