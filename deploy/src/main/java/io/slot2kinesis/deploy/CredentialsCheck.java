package io.slot2kinesis.deploy;

import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/** STS GetCallerIdentity: there are credentials, they work, and they are for the account cdk.json names. */
public final class CredentialsCheck implements Check {

    private final AwsClients aws;
    private final String envName;
    private final String account;

    public CredentialsCheck(AwsClients aws, String envName, String account) {
        this.aws = aws;
        this.envName = envName;
        this.account = account;
    }

    @Override
    public String name() {
        return "credentials";
    }

    @Override
    public List<Finding> run() {
        GetCallerIdentityResponse identity;
        try {
            identity = aws.sts().getCallerIdentity();
        } catch (SdkClientException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains("credentials") || message.contains("Credentials")) {
                return List.of(Finding.fail(name(), "no AWS credentials found: set AWS_PROFILE (or run aws sso login"
                        + " / aws configure) for account " + account + " of environment " + envName));
            }
            return List.of(Finding.error(name(), "sts:GetCallerIdentity", e));
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            if (code.contains("Expired") || code.equals("InvalidClientTokenId") || code.equals("SignatureDoesNotMatch")) {
                return List.of(Finding.fail(name(), "the AWS credentials were refused (" + code + "): refresh them"
                        + " (aws sso login, or new keys) for account " + account));
            }
            return List.of(Finding.error(name(), "sts:GetCallerIdentity", e));
        } catch (SdkException e) {
            return List.of(Finding.error(name(), "sts:GetCallerIdentity", e));
        }
        if (!account.equals(identity.account())) {
            return List.of(Finding.fail(name(), "the credentials are for account " + identity.account() + " ("
                    + identity.arn() + "), but environment " + envName + " names account " + account
                    + " in cdk.json: use credentials of " + account + " (AWS_PROFILE)"));
        }
        return List.of(Finding.pass(name(), identity.arn() + " in account " + account));
    }
}
