package io.slot2kinesis.infra.config;

/** The Kinesis data stream. {@code shards == 0} means on-demand capacity. */
public record StreamConfig(
        String name, int shards, int retentionHours, int maxRecordSizeKiB, boolean customerManagedKey) {

    public boolean onDemand() {
        return shards == 0;
    }

    static StreamConfig read(ConfigReader stream, String envName) {
        String capacity = stream.oneOf("capacity", "on-demand", "on-demand", "provisioned");
        int shards = capacity.equals("on-demand") ? 0 : stream.requiredInteger("shards", 1, 500);
        String encryption = stream.oneOf("encryption", "aws-managed", "aws-managed", "customer-managed");
        return new StreamConfig(
                stream.stringOr("name", "slot2kinesis-" + envName),
                shards,
                stream.integer("retentionHours", 24, 24, 8760),
                stream.integer("maxRecordSizeKiB", 1024, 1024, 10240),
                encryption.equals("customer-managed"));
    }
}
