package io.slot2kinesis.infra.config;

/**
 * The source database: its {@code kind} (an RDS instance, an RDS Multi-AZ DB cluster or Aurora
 * PostgreSQL), new ({@code existing == null}) or existing, plus the replication parameters of its
 * (instance or cluster) parameter group either way. {@code bastion} adds a small SSM-managed instance
 * to port-forward to the private database (tests, psql).
 *
 * @param engineVersion {@code 17} (RDS picks the minor) or {@code 16.4}; Aurora needs the minor
 * @param storageType gp3, io1 or io2 (instance and Multi-AZ DB cluster; Aurora storage is managed)
 * @param iops provisioned IOPS, 0 for the storage type's default
 * @param multiAz a standby for an instance (clusters always have standbys)
 * @param readers Aurora reader instances (failover targets)
 * @param serverlessMinCapacity Aurora Serverless v2 ACUs when {@code instanceClass} is {@code serverless}
 */
public record DatabaseConfig(
        DatabaseKind kind,
        String engineVersion,
        String instanceClass,
        int allocatedStorageGiB,
        String storageType,
        int iops,
        boolean multiAz,
        int readers,
        int serverlessMinCapacity,
        int serverlessMaxCapacity,
        boolean deletionProtection,
        boolean snapshotOnDelete,
        String databaseName,
        int port,
        int maxReplicationSlots,
        int maxWalSenders,
        int maxSlotWalKeepSizeMb,
        int walSenderTimeoutMs,
        boolean bastion,
        ExistingDatabase existing) {

    public static final String SERVERLESS = "serverless";

    public boolean createsDatabase() {
        return existing == null;
    }

    public String engineMajorVersion() {
        int dot = engineVersion.indexOf('.');
        return dot < 0 ? engineVersion : engineVersion.substring(0, dot);
    }

    public boolean serverless() {
        return SERVERLESS.equals(instanceClass);
    }

    /**
     * A database this stack does not own: it only gets the parameter group, the user and the slots.
     *
     * @param identifier the DB instance identifier (kind instance) or DB cluster identifier
     * @param endpoint the instance endpoint or the cluster's writer endpoint
     */
    public record ExistingDatabase(String identifier, String endpoint, String securityGroupId, String masterSecretArn) {
    }

    static DatabaseConfig read(ConfigReader db, int zones) {
        DatabaseKind kind = DatabaseKind.parse(db.key("kind"), db.stringOr("kind", "instance"));
        String version = EngineVersions.read(db, kind, !db.has("existing"));
        String instanceClass = InstanceClasses.read(db, kind);
        Storage storage = Storage.read(db, kind);
        if (kind.isCluster() && db.bool("multiAz", false)) {
            throw new ConfigException(db.key("multiAz") + " applies to kind instance only: a multi-az-cluster always has"
                    + " two standbys; for aurora set readers");
        }
        if (kind == DatabaseKind.MULTI_AZ_CLUSTER && zones < 3) {
            throw new ConfigException(db.key("kind") + " multi-az-cluster needs 3 availability zones, the environment has "
                    + zones + ": add a third zone to availabilityZones (and subnetIds)");
        }
        if (kind != DatabaseKind.AURORA && db.has("readers")) {
            throw new ConfigException(db.key("readers") + " applies to kind aurora only: remove it");
        }
        int readers = kind == DatabaseKind.AURORA ? db.integer("readers", 1, 0, 15) : 0;
        int minAcu = 0;
        int maxAcu = 0;
        if (SERVERLESS.equals(instanceClass)) {
            minAcu = db.integer("serverlessMinCapacity", 1, 1, 256);
            maxAcu = db.integer("serverlessMaxCapacity", 4, 1, 256);
            if (minAcu > maxAcu) {
                throw new ConfigException(db.key("serverlessMinCapacity") + " " + minAcu
                        + " is above serverlessMaxCapacity " + maxAcu + ": use at most " + maxAcu);
            }
        }
        int slots = db.integer("maxReplicationSlots", 10, 2, 100);
        int senders = db.integer("maxWalSenders", slots + 2, 2, 100);
        if (senders < slots) {
            throw new ConfigException(db.key("maxWalSenders") + " " + senders
                    + " is below maxReplicationSlots " + slots + ": use at least " + slots);
        }
        int walSenderTimeout = db.integer("walSenderTimeoutMs", 60000, 0, 3_600_000);
        if (walSenderTimeout != 0 && walSenderTimeout < 10000) {
            throw new ConfigException(db.key("walSenderTimeoutMs") + " " + walSenderTimeout
                    + " is not valid for DMS: use 0 or 10000..3600000");
        }
        return new DatabaseConfig(
                kind,
                version,
                instanceClass,
                storage.allocatedGiB(),
                storage.type(),
                storage.iops(),
                db.bool("multiAz", false),
                readers,
                minAcu,
                maxAcu,
                db.bool("deletionProtection", true),
                db.bool("snapshotOnDelete", true),
                db.matching("databaseName", "[a-z_][a-z0-9_]{0,62}", "a lowercase PostgreSQL identifier"),
                db.integer("port", 5432, 1150, 65535),
                slots,
                senders,
                db.integer("maxSlotWalKeepSizeMb", 10240, 1024, 1_048_576),
                walSenderTimeout,
                db.bool("bastion", false),
                db.has("existing") ? existing(db.object("existing"), kind) : null);
    }

    private static ExistingDatabase existing(ConfigReader ex, DatabaseKind kind) {
        String idKey = kind.isCluster() ? "clusterIdentifier" : "instanceIdentifier";
        String otherKey = kind.isCluster() ? "instanceIdentifier" : "clusterIdentifier";
        if (ex.has(otherKey)) {
            throw new ConfigException(ex.key(otherKey) + " does not fit kind " + kind.id() + ": use " + idKey);
        }
        String what = kind.isCluster() ? "the RDS DB cluster identifier" : "the RDS DB instance identifier";
        return new ExistingDatabase(
                ex.matching(idKey, "[a-zA-Z][a-zA-Z0-9-]{0,62}", what),
                ex.string("endpoint", kind.isCluster() ? "the cluster's writer endpoint address" : "the instance endpoint address"),
                ex.matching("securityGroupId", "sg-[0-9a-f]{8,17}", "the database's security group id like sg-0123456789abcdef0"),
                ex.matching("masterSecretArn", "arn:aws[a-z-]*:secretsmanager:.+", "the ARN of a secret holding the master username and password"));
    }

    /** Allocated storage, type and IOPS, checked against what RDS can provision together. */
    private record Storage(int allocatedGiB, String type, int iops) {

        static Storage read(ConfigReader db, DatabaseKind kind) {
            if (kind == DatabaseKind.AURORA) {
                for (String key : new String[] {"allocatedStorageGiB", "storageType", "iops"}) {
                    if (db.has(key)) {
                        throw new ConfigException(db.key(key) + " is not used by kind aurora: remove it (Aurora storage grows by itself)");
                    }
                }
                return new Storage(0, "aurora", 0);
            }
            String type = db.oneOf("storageType", "gp3", "gp3", "io1", "io2");
            int allocated = db.integer("allocatedStorageGiB", type.equals("gp3") ? 20 : 100, 20, 65536);
            if (kind == DatabaseKind.MULTI_AZ_CLUSTER && !db.has("iops")) {
                throw new ConfigException(db.key("iops") + " is required for kind multi-az-cluster: use "
                        + (type.equals("gp3") ? "12000..64000 (gp3 needs allocatedStorageGiB >= 400)" : "1000..256000"));
            }
            if (type.equals("gp3")) {
                if (db.has("iops") && allocated < 400) {
                    throw new ConfigException(db.key("iops") + " needs allocatedStorageGiB >= 400 with gp3 (below that RDS"
                            + " gives a fixed 3000): remove iops or raise allocatedStorageGiB");
                }
                return new Storage(allocated, type, db.has("iops") ? db.integer("iops", 0, 12000, 64000) : 0);
            }
            if (allocated < 100) {
                throw new ConfigException(db.key("allocatedStorageGiB") + " " + allocated + " is too small for "
                        + type + ": use at least 100");
            }
            int iops = db.requiredInteger("iops", 1000, 256000);
            int maxPerGiB = type.equals("io1") ? 50 : 1000;
            if (iops > (long) allocated * maxPerGiB) {
                throw new ConfigException(db.key("iops") + " " + iops + " is more than " + maxPerGiB + " per GiB of "
                        + type + " (" + allocated + " GiB): use at most " + (long) allocated * maxPerGiB
                        + " or raise allocatedStorageGiB");
            }
            if (iops * 2L < allocated) {
                throw new ConfigException(db.key("iops") + " " + iops + " is less than 0.5 per GiB of " + type
                        + " (" + allocated + " GiB): use at least " + (allocated + 1) / 2);
            }
            return new Storage(allocated, type, iops);
        }
    }
}
