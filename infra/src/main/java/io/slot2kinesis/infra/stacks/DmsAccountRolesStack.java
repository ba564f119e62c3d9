package io.slot2kinesis.infra.stacks;

import java.util.List;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The account-level roles DMS looks up by exact name. Exists once per account: deployed first, by the
 * one environment whose config says {@code dms.createAccountRoles: true}.
 */
public final class DmsAccountRolesStack extends Stack {

    public DmsAccountRolesStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        role("VpcRole", "dms-vpc-role", "service-role/AmazonDMSVPCManagementRole");
        role("CloudWatchLogsRole", "dms-cloudwatch-logs-role", "service-role/AmazonDMSCloudWatchLogsRole");
        NagAcknowledgments.applyToDmsAccountRoles(this);
    }

    private void role(String id, String name, String managedPolicy) {
        Role.Builder.create(this, id)
                .roleName(name)
                .description("Account-level role DMS requires by this exact name")
                .assumedBy(new ServicePrincipal("dms.amazonaws.com"))
                .managedPolicies(List.of(ManagedPolicy.fromAwsManagedPolicyName(managedPolicy)))
                .build();
    }
}
