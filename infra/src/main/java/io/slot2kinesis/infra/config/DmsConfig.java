package io.slot2kinesis.infra.config;

/**
 * DMS Serverless capacity and whether this environment creates the account-level roles
 * ({@code dms-vpc-role}, {@code dms-cloudwatch-logs-role}); exactly one environment per account may.
 * {@code caCertificateArn} (optional) is a DMS certificate holding the RDS CA bundle: with it the source
 * endpoint verifies the server ({@code verify-full}), without it it only encrypts ({@code require}).
 */
/**
 * @param replicationType {@code cdc} (changes from the replication's start) or {@code full-load-and-cdc} (the selected
 *                        tables' rows first, as {@code load} records, then changes)
 */
public record DmsConfig(
        int minCapacityUnits, int maxCapacityUnits, boolean multiAz, boolean createAccountRoles, String caCertificateArn,
        String replicationType, boolean accountRolesExist) {

    public String sslMode() {
        return caCertificateArn == null ? "require" : "verify-full";
    }

    private static final int[] CAPACITY_UNITS = {1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384};

    static DmsConfig read(ConfigReader dms) {
        int min = capacity(dms, "minCapacityUnits", 1);
        int max = capacity(dms, "maxCapacityUnits", 4);
        if (min > max) {
            throw new ConfigException(dms.key("minCapacityUnits") + " " + min
                    + " is above maxCapacityUnits " + max + ": use at most " + max);
        }
        String certificate = dms.has("caCertificateArn")
                ? dms.matching("caCertificateArn", "arn:aws[a-z-]*:dms:[a-z0-9-]+:\\d{12}:cert:[A-Za-z0-9-]+",
                        "the ARN of a DMS certificate (aws dms import-certificate) like arn:aws:dms:eu-west-1:111111111111:cert:ABC")
                : null;
        return new DmsConfig(min, max, dms.bool("multiAz", false), dms.bool("createAccountRoles", false), certificate,
                dms.oneOf("replicationType", "cdc", "cdc", "full-load-and-cdc"), dms.bool("accountRolesExist", false));
    }

    private static int capacity(ConfigReader dms, String name, int defaultValue) {
        int value = dms.integer(name, defaultValue, 1, 384);
        for (int allowed : CAPACITY_UNITS) {
            if (allowed == value) {
                return value;
            }
        }
        throw new ConfigException(dms.key(name) + " " + value
                + " is not a DMS capacity: use 1, 2, 4, 8, 16, 32, 64, 128, 192, 256 or 384");
    }
}
