package io.slot2kinesis.infra.config;

/**
 * The source database: a new RDS instance ({@code existing == null}) or an existing one, plus the
 * replication parameters of the parameter group either way. {@code bastion} adds a small SSM-managed
 * instance to port-forward to the private database (tests, psql).
 */
public record DatabaseConfig(
        String engineMajorVersion,
        String instanceClass,
        int allocatedStorageGiB,
        boolean multiAz,
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

    public boolean createsInstance() {
        return existing == null;
    }

    /** An instance this stack does not own: it only gets the parameter group, the user and the slots. */
    public record ExistingDatabase(
            String instanceIdentifier, String endpoint, String securityGroupId, String masterSecretArn) {
    }

    static DatabaseConfig read(ConfigReader db) {
        String major = db.oneOf("engineMajorVersion", "17", "16", "17", "18");
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
        ExistingDatabase existing = null;
        if (db.has("existing")) {
            ConfigReader ex = db.object("existing");
            existing = new ExistingDatabase(
                    ex.matching("instanceIdentifier", "[a-zA-Z][a-zA-Z0-9-]{0,62}", "the RDS DB instance identifier"),
                    ex.string("endpoint", "the instance endpoint address"),
                    ex.matching("securityGroupId", "sg-[0-9a-f]{8,17}", "the instance's security group id like sg-0123456789abcdef0"),
                    ex.matching("masterSecretArn", "arn:aws[a-z-]*:secretsmanager:.+", "the ARN of a secret holding the master username and password"));
        }
        return new DatabaseConfig(
                major,
                db.stringOr("instanceClass", "t4g.micro"),
                db.integer("allocatedStorageGiB", 20, 20, 65536),
                db.bool("multiAz", false),
                db.bool("deletionProtection", true),
                db.bool("snapshotOnDelete", true),
                db.matching("databaseName", "[a-z_][a-z0-9_]{0,62}", "a lowercase PostgreSQL identifier"),
                db.integer("port", 5432, 1150, 65535),
                slots,
                senders,
                db.integer("maxSlotWalKeepSizeMb", 10240, 1024, 1_048_576),
                walSenderTimeout,
                db.bool("bastion", false),
                existing);
    }
}
