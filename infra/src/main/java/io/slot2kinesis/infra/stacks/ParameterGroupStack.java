package io.slot2kinesis.infra.stacks;

import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * An existing database's parameter group (logical replication), in a stack of its own: phase 1 of the first deploy.
 * The operator attaches it and reboots (output {@code AttachParameterGroup}), then deploys the main stack, whose
 * replication-user custom resource stops with the step to do while {@code wal_level} is not {@code logical}. A failed
 * main stack rolls back only itself: the group it was told to attach stays.
 */
public final class ParameterGroupStack extends software.amazon.awscdk.Stack {

    public ParameterGroupStack(Construct scope, String id, StackProps props, String envName) {
        super(scope, id, StackProps.builder()
                .env(props.getEnv())
                .description("slot2kinesis " + envName + ": the existing database's parameter group (deploy first,"
                        + " attach, reboot)")
                .build());
    }
}
