package io.slot2kinesis.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.databasemigration.model.AccountQuota;
import software.amazon.awssdk.services.databasemigration.model.DescribeReplicationConfigsResponse;
import software.amazon.awssdk.services.databasemigration.model.ReplicationConfig;

/**
 * dms mode: the account's DMS quotas in the region (DescribeAccountAttributes) leave room for what the stack creates
 * with a new replication: a source and a target endpoint, one replication subnet group with one subnet per
 * availability zone. A replication config of the environment's identifier that already exists
 * (DescribeReplicationConfigs) was created with them, so they are counted already and nothing new is needed.
 *
 * <p>Quota names are those of the DMS API reference's DescribeAccountAttributes example
 * (https://docs.aws.amazon.com/dms/latest/APIReference/API_DescribeAccountAttributes.html): {@code Endpoints},
 * {@code ReplicationSubnetGroups}, {@code SubnetsPerReplicationSubnetGroup}. A quota the answer leaves out is
 * not checked. The serverless replication count has no documented quota name and is not checked.
 */
public final class DmsQuotaCheck implements Check {

    /** What a new replication of the stack creates, per quota (DmsReplication in infra). */
    private record Need(String quota, int count, String what, String fix) {}

    private final AwsClients aws;
    private final String replicationIdentifier;
    private final int subnets;

    /**
     * @param replicationIdentifier the stack's replication config identifier (its stack name)
     * @param subnets the subnets of its replication subnet group: one per availability zone
     */
    public DmsQuotaCheck(AwsClients aws, String replicationIdentifier, int subnets) {
        this.aws = aws;
        this.replicationIdentifier = replicationIdentifier;
        this.subnets = subnets;
    }

    @Override
    public String name() {
        return "dms-quotas";
    }

    @Override
    public List<Finding> run() {
        boolean exists;
        try {
            exists = replicationExists();
        } catch (SdkException e) {
            return List.of(Finding.error(name(), "dms:DescribeReplicationConfigs", e));
        }
        if (exists) {
            return List.of(Finding.pass(name(), "replication " + replicationIdentifier + " exists: its endpoints and"
                    + " subnet group are counted already"));
        }
        Map<String, AccountQuota> quotas = new LinkedHashMap<>();
        try {
            for (AccountQuota quota : aws.dms().describeAccountAttributes(b -> {}).accountQuotas()) {
                quotas.put(quota.accountQuotaName(), quota);
            }
        } catch (SdkException e) {
            return List.of(Finding.error(name(), "dms:DescribeAccountAttributes", e));
        }
        String service = " in " + aws.region() + ": ask for a higher quota (Service Quotas, AWS Database Migration"
                + " Service)";
        List<Finding> failures = new ArrayList<>();
        List<String> passed = new ArrayList<>();
        for (Need need : List.of(
                new Need("Endpoints", 2, "DMS endpoints (the stack creates a source and a target)",
                        " or delete unused endpoints"),
                new Need("ReplicationSubnetGroups", 1, "replication subnet groups (the stack creates one)",
                        " or delete unused subnet groups"))) {
            AccountQuota quota = quotas.get(need.quota());
            if (quota == null) {
                continue;
            }
            long used = nz(quota.used());
            long max = nz(quota.max());
            if (used + need.count() > max) {
                failures.add(Finding.fail(name(), "the account has " + used + " of its " + max + " " + need.what()
                        + service + need.fix()));
            } else {
                passed.add(need.quota() + " " + (used + need.count()) + " of " + max);
            }
        }
        // A per-group quota: its maximum bounds the group the stack creates, whatever other groups hold.
        AccountQuota perGroup = quotas.get("SubnetsPerReplicationSubnetGroup");
        if (perGroup != null) {
            long max = nz(perGroup.max());
            if (subnets > max) {
                failures.add(Finding.fail(name(), "the replication subnet group gets " + subnets + " subnets (one per"
                        + " availabilityZones entry) and the account allows " + max + " per group" + service
                        + " or use fewer availabilityZones"));
            } else {
                passed.add("SubnetsPerReplicationSubnetGroup " + subnets + " of " + max);
            }
        }
        if (!failures.isEmpty()) {
            return failures;
        }
        return List.of(Finding.pass(name(), passed.isEmpty() ? "no DMS quota reported for endpoints or subnet groups"
                : "after deploy " + String.join(", ", passed)));
    }

    private boolean replicationExists() {
        String marker = null;
        do {
            String page = marker;
            DescribeReplicationConfigsResponse response = aws.dms().describeReplicationConfigs(b -> b.marker(page));
            for (ReplicationConfig config : response.replicationConfigs()) {
                if (replicationIdentifier.equals(config.replicationConfigIdentifier())) {
                    return true;
                }
            }
            marker = response.marker();
        } while (marker != null && !marker.isEmpty());
        return false;
    }

    private static long nz(Long value) {
        return value == null ? 0 : value;
    }
}
