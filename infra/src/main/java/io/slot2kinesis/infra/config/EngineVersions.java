package io.slot2kinesis.infra.config;

/**
 * The engine version per kind: {@code engineVersion} ({@code 17} or {@code 16.11}), or the older key
 * {@code engineMajorVersion}. An RDS DB instance takes a major version alone (RDS picks the minor). The cluster kinds
 * need the full version: CloudFormation's schema of {@code AWS::RDS::DBCluster} lists {@code EngineVersion} values
 * with their minor only (the validator SynthTest runs refuses {@code 16}). A Multi-AZ DB cluster decodes logically
 * only from 14.8 (R2), 15.3 (R2) and 16. A new RDS for PostgreSQL database on a minor AWS no longer lets anyone create
 * is refused; what the region offers is checked at deploy time only (docs/deploy.md, Engine versions).
 */
final class EngineVersions {
    private static final String MULTI_AZ_LOGICAL = "logical replication on a Multi-AZ DB cluster needs 14.8+, 15.3+ or 16+";
    /**
     * Per RDS for PostgreSQL major, the oldest minor still creatable as far as known here: AWS's end-of-standard-support
     * notice for 14.14-14.17, 15.9-15.12, 16.5-16.8 and 17.1-17.4 (no new databases from 1 May 2026; the RDS for
     * PostgreSQL release calendar, docs/deploy.md), older minors having gone before them. Aurora minors follow their
     * own calendar and are not listed.
     */
    static final java.util.Map<Integer, Integer> OLDEST_CREATABLE_MINOR = java.util.Map.of(14, 18, 15, 13, 16, 9, 17, 5);

    private EngineVersions() {
    }

    static String read(ConfigReader db, DatabaseKind kind, boolean creates) {
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
                if (needed == 0 && minor < 0 && creates) {
                    throw new ConfigException(db.key(key) + " '" + version + "' needs the minor version for a new"
                            + " multi-az-cluster (CloudFormation's AWS::RDS::DBCluster takes full versions only): use one"
                            + " the region offers, e.g. " + major + "." + OLDEST_CREATABLE_MINOR.getOrDefault(major, 1)
                            + " or later (aws rds describe-db-engine-versions, docs/deploy.md)");
                }
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
        Integer oldest = OLDEST_CREATABLE_MINOR.get(major);
        if (creates && kind != DatabaseKind.AURORA && minor >= 0 && oldest != null && minor < oldest) {
            throw new ConfigException(db.key(key) + " '" + version + "' can no longer be created on RDS (minors before "
                    + major + "." + oldest + " are past their end of standard support): use " + major + " (RDS picks"
                    + " the minor; a multi-az-cluster needs one: " + major + "." + oldest + " or later) and check the"
                    + " region's offer with aws rds describe-db-engine-versions (docs/deploy.md, Engine versions)");
        }
        return version;
    }
}
