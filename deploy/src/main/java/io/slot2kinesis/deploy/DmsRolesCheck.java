package io.slot2kinesis.deploy;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;

/**
 * dms mode: the account-level roles DMS needs ({@code dms-vpc-role}, {@code dms-cloudwatch-logs-role}; IAM GetRole).
 * Where the environment creates them (its {@code -dms-account-roles} stack), they must not exist outside that stack,
 * or its CREATE fails on the name; where it does not, they must exist.
 */
public final class DmsRolesCheck implements Check {

    public static final List<String> ROLES = List.of("dms-vpc-role", "dms-cloudwatch-logs-role");

    private final AwsClients aws;
    private final String envName;
    private final String rolesStack;
    private final boolean createsRoles;

    public DmsRolesCheck(AwsClients aws, String envName, String rolesStack, boolean createsRoles) {
        this.aws = aws;
        this.envName = envName;
        this.rolesStack = rolesStack;
        this.createsRoles = createsRoles;
    }

    @Override
    public String name() {
        return "dms-roles";
    }

    @Override
    public List<Finding> run() {
        List<String> existing = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String role : ROLES) {
            try {
                aws.iam().getRole(b -> b.roleName(role));
                existing.add(role);
            } catch (NoSuchEntityException e) {
                missing.add(role);
            } catch (SdkException e) {
                return List.of(Finding.error(name(), "iam:GetRole " + role, e));
            }
        }
        if (!createsRoles) {
            if (!missing.isEmpty()) {
                return List.of(Finding.fail(name(), "IAM role " + String.join(" and ", missing) + " does not exist, and"
                        + " environments." + envName + ".dms.createAccountRoles is false: set it to true, or deploy the"
                        + " -dms-account-roles stack of the environment of this account that creates them"));
            }
            return List.of(Finding.pass(name(), String.join(", ", existing) + " exist"));
        }
        if (existing.isEmpty()) {
            return List.of(Finding.pass(name(), "the " + rolesStack + " stack creates " + String.join(", ", ROLES)));
        }
        boolean stackExists;
        try {
            stackExists = !aws.cloudFormation().describeStacks(b -> b.stackName(rolesStack)).stacks().isEmpty();
        } catch (CloudFormationException e) {
            if (!String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                return List.of(Finding.error(name(), "cloudformation:DescribeStacks " + rolesStack, e));
            }
            stackExists = false;
        } catch (SdkException e) {
            return List.of(Finding.error(name(), "cloudformation:DescribeStacks " + rolesStack, e));
        }
        if (!stackExists) {
            return List.of(Finding.fail(name(), String.join(" and ", existing) + " already exist outside " + rolesStack
                    + ", which would fail to create them: set environments." + envName + ".dms.createAccountRoles to false"
                    + " and dms.accountRolesExist to true"));
        }
        return List.of(Finding.pass(name(), String.join(", ", existing) + " exist, from " + rolesStack));
    }
}
