package io.slot2kinesis.infra.config;

import java.util.Locale;

/** The CPU the worker's Fargate task runs on, and so the platform its image is built for. */
public enum CpuArchitecture {
    X86_64("linux/amd64"),
    ARM64("linux/arm64");

    private final String imagePlatform;

    CpuArchitecture(String imagePlatform) {
        this.imagePlatform = imagePlatform;
    }

    /** The OCI platform of an image that runs on this CPU, e.g. {@code linux/arm64}. */
    public String imagePlatform() {
        return imagePlatform;
    }

    /** The name in cdk.json: {@code x86_64} or {@code arm64}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static CpuArchitecture parse(String key, String value) {
        for (CpuArchitecture architecture : values()) {
            if (architecture.id().equals(value)) {
                return architecture;
            }
        }
        throw new ConfigException(key + " '" + value + "' is not supported: use x86_64 or arm64 (Graviton)");
    }
}
