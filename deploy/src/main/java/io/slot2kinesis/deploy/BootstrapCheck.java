package io.slot2kinesis.deploy;

import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * The account and region are bootstrapped for the CDK's default synthesizer: the SSM parameter
 * {@code /cdk-bootstrap/hnb659fds/version} (qualifier hnb659fds) holds a version of at least
 * {@link #MINIMUM_VERSION}; where SSM may not be read, the CDKToolkit stack's output BootstrapVersion.
 */
public final class BootstrapCheck implements Check {

    /** What the templates of the default synthesizer require (their CheckBootstrapVersion rule). */
    public static final int MINIMUM_VERSION = 6;
    public static final String PARAMETER = "/cdk-bootstrap/hnb659fds/version";
    public static final String TOOLKIT_STACK = "CDKToolkit";

    private final AwsClients aws;
    private final String account;

    public BootstrapCheck(AwsClients aws, String account) {
        this.aws = aws;
        this.account = account;
    }

    @Override
    public String name() {
        return "bootstrap";
    }

    private String bootstrapCommand() {
        return "npx cdk bootstrap aws://" + account + "/" + aws.region();
    }

    @Override
    public List<Finding> run() {
        String version;
        String source;
        try {
            version = aws.ssm().getParameter(b -> b.name(PARAMETER)).parameter().value();
            source = PARAMETER;
        } catch (ParameterNotFoundException e) {
            return List.of(notBootstrapped());
        } catch (AwsServiceException e) {
            if (!isAccessDenied(e)) {
                return List.of(Finding.error(name(), "ssm:GetParameter " + PARAMETER, e));
            }
            try {
                List<Stack> stacks = aws.cloudFormation().describeStacks(b -> b.stackName(TOOLKIT_STACK)).stacks();
                version = stacks.isEmpty() ? null : stacks.get(0).outputs().stream()
                        .filter(o -> "BootstrapVersion".equals(o.outputKey())).map(Output::outputValue).findFirst().orElse(null);
                source = "stack " + TOOLKIT_STACK;
            } catch (CloudFormationException notFound) {
                if (String.valueOf(notFound.awsErrorDetails().errorMessage()).contains("does not exist")) {
                    return List.of(notBootstrapped());
                }
                return List.of(Finding.error(name(), "cloudformation:DescribeStacks " + TOOLKIT_STACK, notFound));
            } catch (SdkException other) {
                return List.of(Finding.error(name(), "cloudformation:DescribeStacks " + TOOLKIT_STACK, other));
            }
            if (version == null) {
                return List.of(notBootstrapped());
            }
        } catch (SdkException e) {
            return List.of(Finding.error(name(), "ssm:GetParameter " + PARAMETER, e));
        }
        int number;
        try {
            number = Integer.parseInt(version.trim());
        } catch (NumberFormatException e) {
            return List.of(Finding.fail(name(), source + " is '" + version + "', not a version: run " + bootstrapCommand()));
        }
        if (number < MINIMUM_VERSION) {
            return List.of(Finding.fail(name(), "aws://" + account + "/" + aws.region() + " is bootstrapped at version "
                    + number + ", the CDK needs " + MINIMUM_VERSION + " or later: run " + bootstrapCommand()));
        }
        return List.of(Finding.pass(name(), "aws://" + account + "/" + aws.region() + " bootstrap version " + number));
    }

    private Finding notBootstrapped() {
        return Finding.fail(name(), "aws://" + account + "/" + aws.region() + " is not bootstrapped for the CDK (no "
                + PARAMETER + "): run " + bootstrapCommand());
    }

    static boolean isAccessDenied(AwsServiceException e) {
        return e.awsErrorDetails() != null && String.valueOf(e.awsErrorDetails().errorCode()).contains("AccessDenied");
    }
}
