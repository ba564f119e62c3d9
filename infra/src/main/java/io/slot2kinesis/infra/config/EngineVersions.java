package io.slot2kinesis.infra.config;

/**
 * The engine version per kind: {@code engineVersion} ({@code 17} or {@code 16.4}), or the older key
 * {@code engineMajorVersion}. A Multi-AZ DB cluster decodes logically only from 14.8 (R2), 15.3 (R2)
 * and 16; Aurora's versions are always given with their minor.
 */
final class EngineVersions {
    private static final String MULTI_AZ_LOGICAL = "logical replication on a Multi-AZ DB cluster needs 14.8+, 15.3+ or 16+";

    private EngineVersions() {
    }

    static String read(ConfigReader db, DatabaseKind kind) {
        String key = db.has("engineVersion") || !db.has("engineMajorVersion") ? "engineVersion" : "engineMajorVersion";
        String version = db.stringOr(key, "17");
        if (!version.matches("\\d{2}(\\.\\d{1,2})?")) {
            throw new ConfigException(db.key(key) + " '" + version + "' is not valid: use a PostgreSQL version like 17 or 16.4");
        }
        int dot = version.indexOf('.');
        int major = Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        int minor = dot < 0 ? -1 : Integer.parseInt(version.substring(dot + 1));
        int newest = kind == DatabaseKind.AURORA ? 17 : 18;
        if (major < 14 || major > newest) {
            throw new ConfigException(db.key(key) + " '" + version + "' is not supported for kind " + kind.id()
                    + ": use major version 14.." + newest);
        }
        switch (kind) {
            case AURORA -> {
                if (minor < 0) {
                    throw new ConfigException(db.key(key) + " '" + version
                            + "' needs the minor version for kind aurora: use a full Aurora PostgreSQL version like 16.6");
                }
            }
            case MULTI_AZ_CLUSTER -> {
                int needed = major == 14 ? 8 : major == 15 ? 3 : 0;
                if (needed > 0 && minor < 0) {
                    throw new ConfigException(db.key(key) + " '" + version + "' needs the minor version for kind"
                            + " multi-az-cluster: use " + major + "." + needed + " or later (" + MULTI_AZ_LOGICAL + ")");
                }
                if (needed > 0 && minor < needed) {
                    throw new ConfigException(db.key(key) + " '" + version + "' cannot decode logically on a Multi-AZ DB cluster: use "
                            + major + "." + needed + " or later (" + MULTI_AZ_LOGICAL + ")");
                }
            }
            case INSTANCE -> {
            }
        }
        return version;
    }
}
