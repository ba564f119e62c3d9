package io.slot2kinesis.bench;

import java.nio.file.Path;
import java.util.Map;

/** The JVM that runs the processes under test: this one's. */
final class Java {
    /** Placeholder credentials for the local endpoint, so the SDK never looks further (profiles, IMDS). */
    static final Map<String, String> LOCAL_CREDENTIALS = Map.of(
            "AWS_ACCESS_KEY_ID", "local",
            "AWS_SECRET_ACCESS_KEY", "local",
            "AWS_EC2_METADATA_DISABLED", "true");

    private Java() {}

    static String binary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int featureVersion() {
        return Runtime.version().feature();
    }
}
