package io.slot2kinesis.infra.config;

import java.util.Locale;

/** What reads the replication slot: DMS Serverless or the slot2kinesis worker on ECS Fargate. */
public enum Mode {
    DMS("test_decoding"),
    WORKER("pgoutput");

    private final String plugin;

    Mode(String plugin) {
        this.plugin = plugin;
    }

    /** Each mode reads its own slot, so switching never shares (or recreates) the other mode's slot. */
    public String slotName() {
        return "slot2kinesis_" + id();
    }

    /** The logical decoding plugin the slot is created with. */
    public String plugin() {
        return plugin;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Mode parse(String key, String value) {
        for (Mode mode : values()) {
            if (mode.id().equals(value)) {
                return mode;
            }
        }
        throw new ConfigException(key + " '" + value + "' is not supported: use dms or worker");
    }
}
