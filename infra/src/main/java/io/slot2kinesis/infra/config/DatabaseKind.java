package io.slot2kinesis.infra.config;

/**
 * The shape of the RDS PostgreSQL source. An instance takes a DB parameter group; both cluster kinds
 * take a DB <em>cluster</em> parameter group and are reached through the cluster's writer endpoint.
 */
public enum DatabaseKind {
    /** An RDS DB instance, single-AZ or Multi-AZ (one standby that is not readable). */
    INSTANCE("instance", "postgres"),
    /** An RDS Multi-AZ DB cluster: one writer and two readable standbys, engine postgres. */
    MULTI_AZ_CLUSTER("multi-az-cluster", "postgres"),
    /** An Aurora PostgreSQL cluster: a writer and optional readers on shared storage. */
    AURORA("aurora", "aurora-postgresql");

    private final String id;
    private final String dmsEngineName;

    DatabaseKind(String id, String dmsEngineName) {
        this.id = id;
        this.dmsEngineName = dmsEngineName;
    }

    public String id() {
        return id;
    }

    public boolean isCluster() {
        return this != INSTANCE;
    }

    /** The DMS source endpoint's {@code EngineName}. */
    public String dmsEngineName() {
        return dmsEngineName;
    }

    static DatabaseKind parse(String key, String value) {
        for (DatabaseKind kind : values()) {
            if (kind.id.equals(value)) {
                return kind;
            }
        }
        throw new ConfigException(key + " '" + value + "' is not supported: use instance, multi-az-cluster or aurora");
    }
}
