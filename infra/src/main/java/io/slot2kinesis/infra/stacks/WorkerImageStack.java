package io.slot2kinesis.infra.stacks;

import java.util.List;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.ecr.IRepository;
import software.amazon.awscdk.services.ecr.LifecycleRule;
import software.amazon.awscdk.services.ecr.Repository;
import software.amazon.awscdk.services.ecr.TagMutability;
import software.constructs.Construct;

/**
 * The ECR repository the worker image is pushed to (Jib, no Docker daemon) before the environment's
 * stack runs it by tag ({@code -c workerImageTag=...}). Deployed first; kept when the environment is
 * destroyed.
 */
public final class WorkerImageStack extends Stack {

    private final Repository repository;
    private final String repositoryName;

    public WorkerImageStack(Construct scope, String id, StackProps props, String repositoryName) {
        super(scope, id, props);
        this.repositoryName = repositoryName;
        repository = Repository.Builder.create(this, "Repository")
                .repositoryName(repositoryName)
                .imageScanOnPush(true)
                .imageTagMutability(TagMutability.IMMUTABLE)
                .lifecycleRules(List.of(LifecycleRule.builder()
                        .description("keep the last 30 images")
                        .maxImageCount(30)
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        CfnOutput.Builder.create(this, "RepositoryUri").value(repository.getRepositoryUri())
                .description("Push the worker image here (./mvnw -pl worker jib:build -Dimage=<uri>:<tag>)").build();
    }

    public IRepository repository() {
        return repository;
    }

    /** The literal name, so the environment's stack refers to it without a cross-stack export. */
    public String repositoryName() {
        return repositoryName;
    }
}
