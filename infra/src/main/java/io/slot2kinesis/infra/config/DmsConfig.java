package io.slot2kinesis.infra.config;

/**
 * DMS Serverless capacity and whether this environment creates the account-level roles
 * ({@code dms-vpc-role}, {@code dms-cloudwatch-logs-role}); exactly one environment per account may.
 */
public record DmsConfig(int minCapacityUnits, int maxCapacityUnits, boolean multiAz, boolean createAccountRoles) {

    private static final int[] CAPACITY_UNITS = {1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384};

    static DmsConfig read(ConfigReader dms) {
        int min = capacity(dms, "minCapacityUnits", 1);
        int max = capacity(dms, "maxCapacityUnits", 4);
        if (min > max) {
            throw new ConfigException(dms.key("minCapacityUnits") + " " + min
                    + " is above maxCapacityUnits " + max + ": use at most " + max);
        }
        return new DmsConfig(min, max, dms.bool("multiAz", false), dms.bool("createAccountRoles", false));
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
