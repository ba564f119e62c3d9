package io.slot2kinesis.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awscdk.PolicyValidationPluginReport;
import software.amazon.awscdk.PolicyViolation;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.secretsmanager.Secret;

/** cdk-nag AwsSolutions: any unacknowledged finding, error or warning, fails. */
class NagTest {

    @ParameterizedTest
    @CsvSource({"dev, dms", "dev, worker", "prod, dms", "prod, worker", "staging-cluster, dms", "staging-cluster, worker",
        "aurora, dms", "aurora, worker"})
    void everyFindingIsFixedOrAcknowledgedWithAReason(String env, String mode) {
        App.Stacks stacks = TestApps.build(env, mode).stacks();
        List<String> findings = new ArrayList<>();
        Stream.of(stacks.main(), stacks.workerImages(), stacks.dmsAccountRoles(), stacks.parameterGroup())
                .filter(Objects::nonNull)
                .forEach(stack -> findings.addAll(findings(stack)));
        assertThat(findings).isEmpty();
    }

    @Test
    void reportsAFindingNobodyAcknowledged() {
        Stack stack = new Stack(new software.amazon.awscdk.App(), "Unacknowledged");
        Secret.Builder.create(stack, "Secret").build();
        assertThat(findings(stack)).containsExactly("error AwsSolutions-SMG4 at Unacknowledged/Secret/Resource");
    }

    static List<String> findings(Stack stack) {
        PolicyValidationPluginReport report = new AwsSolutionsChecks().validateScope(stack);
        List<String> findings = new ArrayList<>();
        for (PolicyViolation violation : report.getViolations()) {
            violation.getViolatingResources().forEach(resource -> findings.add(
                    violation.getSeverity() + " " + violation.getRuleName() + " at " + resource.getConstructPath()));
        }
        return findings;
    }
}
