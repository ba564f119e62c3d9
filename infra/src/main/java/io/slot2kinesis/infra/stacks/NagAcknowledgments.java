package io.slot2kinesis.infra.stacks;

import io.slot2kinesis.infra.config.DatabaseConfig;
import io.slot2kinesis.infra.config.DatabaseKind;
import io.slot2kinesis.infra.config.DeploymentConfig;
import io.slot2kinesis.infra.constructs.WorkerService;
import io.slot2kinesis.infra.config.Mode;
import software.amazon.awscdk.Acknowledgment;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Validations;
import software.constructs.IConstruct;

/**
 * The cdk-nag AwsSolutions findings this app accepts, each on the narrowest construct, with its
 * reason. Anything not listed here fails synth and {@code NagTest}.
 */
final class NagAcknowledgments {
    private static final String LAMBDA_ROLE = "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    private static final String LAMBDA_VPC_ROLE = "Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole";

    private NagAcknowledgments() {
    }

    static void apply(Stack stack, DeploymentConfig config) {
        IConstruct user = child(stack, "ReplicationUser");
        acknowledge(user, "IAM4[" + LAMBDA_ROLE + "]",
                "Lambda execution roles use the AWS managed basic policy: it only lets the function write its own logs");
        acknowledge(child(user, "Handler"), "IAM4[" + LAMBDA_VPC_ROLE + "]",
                "The handler runs in the VPC to reach the database: the AWS managed policy only manages its network interfaces");
        acknowledge(child(user, "Provider"), "IAM5[" + versionsOf(child(user, "Handler")) + "]",
                "CDK Provider framework: invokes the handler function and its versions (<arn>:*), nothing else");
        acknowledge(child(user, "Secret"), "SMG4",
                "Rotation would change the password under a running capture; the custom resource sets it from the secret on every deploy");

        if (config.stream().customerManagedKey()) {
            acknowledge(child(stack, "ChangeStream"), "KDS3",
                    "Environment " + config.envName() + " asks for a customer managed key (stream.encryption=customer-managed)");
        }
        IConstruct database = child(stack, "Database");
        DatabaseConfig db = config.database();
        if (db.createsDatabase()) {
            acknowledgeDatabase(config, database);
        }
        if (db.bastion()) {
            IConstruct bastion = child(stack, "Bastion");
            for (String finding : new String[] {"Action::ssmmessages:*", "Action::ec2messages:*", "Resource::*"}) {
                acknowledge(bastion, "IAM5[" + finding + "]",
                        "Session Manager agent permissions, as CDK's BastionHostLinux grants them (these actions take no resource)");
            }
            acknowledge(bastion, "EC28", "Port-forwarding host for tests: detailed monitoring adds cost and no insight");
            acknowledge(bastion, "EC29", "Port-forwarding host for tests: disposable, recreated by the stack");
        }
        if (config.mode() == Mode.DMS) {
            IConstruct control = child(child(stack, "Dms"), "Control");
            acknowledge(control, "IAM4[" + LAMBDA_ROLE + "]",
                    "Lambda execution roles use the AWS managed basic policy: it only lets the function write its own logs");
            for (String fn : new String[] {"OnEvent", "IsComplete"}) {
                acknowledge(child(child(control, fn), "ServiceRole"), "IAM5[Resource::*]",
                        "dms:DescribeReplications takes no resource (Service Authorization Reference); Start/StopReplication are on this config's ARN only");
            }
            IConstruct provider = child(control, "Provider");
            for (IConstruct fn : new IConstruct[] {child(control, "OnEvent"), child(control, "IsComplete"),
                    child(provider, "framework-isComplete"), child(provider, "framework-onTimeout")}) {
                acknowledge(control, "IAM5[" + versionsOf(fn) + "]",
                        "CDK Provider framework: invokes its own functions and their versions (<arn>:*), nothing else");
            }
            acknowledge(control, "SF1", "CDK Provider framework waiter: each step is logged by the Lambda functions it calls");
            acknowledge(control, "SF2", "CDK Provider framework waiter: X-Ray tracing adds nothing to a poll loop");
        } else {
            // one WorkerService, or one per table group (Worker<Group>)
            for (IConstruct worker : stack.getNode().getChildren()) {
                if (worker instanceof WorkerService) {
                    acknowledge(worker, "ECS2", "Plain settings (host, slot, stream, format) are environment "
                            + "variables; the login comes from Secrets Manager");
                    acknowledge(worker, "IAM5[Resource::*]", "Execution role: ecr:GetAuthorizationToken has no "
                            + "resource-level permissions (CDK grants it on *)");
                }
            }
        }
    }

    /** The new instance or cluster: the master secret, the port, and the per-environment cost choices. */
    private static void acknowledgeDatabase(DeploymentConfig config, IConstruct database) {
        DatabaseConfig db = config.database();
        IConstruct resource = child(database, db.kind() == DatabaseKind.INSTANCE ? "Instance" : "Cluster");
        if (db.kind() != DatabaseKind.MULTI_AZ_CLUSTER) {
            acknowledge(child(resource, "Secret"), "SMG4",
                    "Master secret rotation is left to the operator; the custom resource reads the current value at each deploy");
        }
        acknowledge(resource, "RDS11",
                "The port is configurable per environment; access is limited by security groups, not by obscurity");
        if (db.kind() == DatabaseKind.INSTANCE && !db.multiAz()) {
            acknowledge(resource, "RDS3", "Environment " + config.envName() + " is single-AZ to save cost (database.multiAz=false)");
        }
        if (!db.deletionProtection()) {
            acknowledge(resource, "RDS10",
                    "Environment " + config.envName() + " is disposable (database.deletionProtection=false)");
        }
    }

    static void applyToDmsAccountRoles(Stack stack) {
        for (String policy : new String[] {"AmazonDMSVPCManagementRole", "AmazonDMSCloudWatchLogsRole"}) {
            acknowledge(stack, "IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/" + policy + "]",
                    "DMS requires dms-vpc-role and dms-cloudwatch-logs-role with exactly these AWS managed policies");
        }
    }

    /** The finding cdk-nag reports for a grant on a function and its versions: {@code <LogicalId.Arn>:*}. */
    private static String versionsOf(IConstruct function) {
        CfnElement resource = (CfnElement) function.getNode().getDefaultChild();
        return "Resource::<" + Stack.of(function).resolve(resource.getLogicalId()) + ".Arn>:*";
    }

    private static IConstruct child(IConstruct scope, String id) {
        return scope.getNode().findChild(id);
    }

    private static void acknowledge(IConstruct scope, String rule, String reason) {
        Validations.of(scope).acknowledge(Acknowledgment.builder()
                .id("AwsSolutions-" + rule)
                .reason(reason)
                .build());
    }
}
