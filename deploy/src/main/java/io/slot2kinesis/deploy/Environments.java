package io.slot2kinesis.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.infra.config.DeploymentConfig;
import io.slot2kinesis.infra.config.WorkerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads an environment from the repository's cdk.json with the same {@link DeploymentConfig} as synth, so the
 * deploy refuses exactly what synth would (one line, naming the key), before it asks anything of AWS.
 */
public final class Environments {

    private Environments() {
    }

    /**
     * @param mode      {@code dms}, {@code worker}, or null for the environment's own
     * @param imageTag  the worker image tag the deploy will name, or null
     */
    public static DeploymentConfig read(Path cdkJson, String env, String mode, String imageTag) {
        Map<String, Object> context = new HashMap<>(context(cdkJson));
        context.put("env", env);
        if (mode != null) {
            context.put("mode", mode);
        }
        if (imageTag != null) {
            context.put(WorkerConfig.IMAGE_TAG, imageTag);
        }
        return DeploymentConfig.fromContext(context::get);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> context(Path cdkJson) {
        if (!Files.isRegularFile(cdkJson)) {
            throw new IllegalArgumentException(cdkJson + " does not exist: run from the repository root");
        }
        try {
            Map<String, Object> root = new ObjectMapper().readValue(cdkJson.toFile(), Map.class);
            Object context = root.get("context");
            return context instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (IOException e) {
            throw new IllegalArgumentException(cdkJson + " is not valid JSON: " + e.getMessage(), e);
        }
    }
}
