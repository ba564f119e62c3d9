package io.slot2kinesis.infra.config;

/**
 * The instance class per kind, without the {@code db.} prefix. A Multi-AZ DB cluster runs only on
 * classes with local NVMe storage (families ending in d, such as m6gd, r6gd, c6gd, m5d, r6id); Aurora
 * PostgreSQL has no micro or small burstable classes and offers {@code serverless} (v2).
 */
final class InstanceClasses {

    private InstanceClasses() {
    }

    static String read(ConfigReader db, DatabaseKind kind) {
        String value = db.stringOr("instanceClass", switch (kind) {
            case INSTANCE -> "t4g.micro";
            case MULTI_AZ_CLUSTER -> "m6gd.large";
            case AURORA -> "t4g.medium";
        });
        if (value.startsWith("db.")) {
            throw new ConfigException(db.key("instanceClass") + " '" + value + "' is not valid: leave out the db. prefix, like "
                    + value.substring(3));
        }
        if (kind == DatabaseKind.AURORA && value.equals(DatabaseConfig.SERVERLESS)) {
            return value;
        }
        if (!value.matches("[a-z][a-z0-9-]*\\.[a-z0-9]+")) {
            throw new ConfigException(db.key("instanceClass") + " '" + value + "' is not valid: use an instance class like m7g.large");
        }
        switch (kind) {
            case MULTI_AZ_CLUSTER -> {
                if (!value.matches("[mrcx]\\d[a-z]*dn?\\.[a-z0-9]+")) {
                    throw new ConfigException(db.key("instanceClass") + " '" + value + "' is not available for a Multi-AZ DB"
                            + " cluster: use a class with local NVMe storage such as m6gd.large, r6gd.large or c6gd.large");
                }
            }
            case AURORA -> {
                if (value.matches("t\\d[a-z]*\\.(nano|micro|small)")) {
                    throw new ConfigException(db.key("instanceClass") + " '" + value + "' is not available for Aurora"
                            + " PostgreSQL: use t4g.medium or larger, an r or x class, or serverless");
                }
            }
            case INSTANCE -> {
            }
        }
        return value;
    }
}
