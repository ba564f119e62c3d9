package io.slot2kinesis.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.ecr.model.RepositoryNotFoundException;

/**
 * Builds the worker image with Jib and pushes it to the environment's ECR repository, with a password from ECR
 * GetAuthorizationToken (no Docker, no credential helper). The password reaches Jib only through the child's
 * environment: a Maven global settings file names the registry as a server whose password is
 * {@code ${env.S2K_ECR_PASSWORD}} (Maven interpolates it; Jib reads Maven settings' servers). It is never on a
 * command line, in a file, or printed.
 */
public final class WorkerImage {

    public static final String PASSWORD_ENV = "S2K_ECR_PASSWORD";

    private final AwsClients aws;
    private final ProcessRunner runner;
    private final String repository;

    public WorkerImage(AwsClients aws, ProcessRunner runner, String repository) {
        this.aws = aws;
        this.runner = runner;
        this.repository = repository;
    }

    public String repository() {
        return repository;
    }

    public boolean repositoryExists() {
        try {
            aws.ecr().describeRepositories(b -> b.repositoryNames(repository));
            return true;
        } catch (RepositoryNotFoundException e) {
            return false;
        }
    }

    public boolean tagExists(String tag) {
        try {
            return !aws.ecr().describeImages(b -> b.repositoryName(repository).imageIds(i -> i.imageTag(tag))).imageDetails().isEmpty();
        } catch (ImageNotFoundException e) {
            return false;
        }
    }

    /** The registry host and the password of user AWS, from GetAuthorizationToken (valid 12 hours). */
    record Login(String registry, String password) {
        @Override
        public String toString() {
            return "Login[registry=" + registry + ", password=<hidden>]";
        }
    }

    Login login() {
        AuthorizationData data = aws.ecr().getAuthorizationToken().authorizationData().get(0);
        String decoded = new String(Base64.getDecoder().decode(data.authorizationToken()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        String registry = data.proxyEndpoint().replaceFirst("^https?://", "").replaceFirst("/$", "");
        return new Login(registry, decoded.substring(colon + 1));
    }

    /** The Maven build of the worker and its modules (the RDS CA bundle with -Prds-ca); nothing installed. */
    static List<String> packageCommand() {
        return List.of("./mvnw", "-q", "-B", "-ntp", "-pl", "worker", "-am", "-Prds-ca", "package", "-DskipTests", "-DskipITs");
    }

    /** Jib on the worker module alone (a -am reactor would run jib:build on every module). */
    static List<String> jibCommand(Path settings, String image) {
        return List.of("./mvnw", "-q", "-B", "-ntp", "-pl", "worker", "-Prds-ca", "-gs", settings.toString(),
                "jib:build", "-Dimage=" + image);
    }

    static String settings(String registry) {
        return """
                <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
                  <servers>
                    <server>
                      <id>%s</id>
                      <username>AWS</username>
                      <password>${env.%s}</password>
                    </server>
                  </servers>
                </settings>
                """.formatted(registry, PASSWORD_ENV);
    }

    /** Builds and pushes {@code <registry>/<repository>:<tag>}; returns the image, or throws naming the step. */
    public String buildAndPush(String tag) {
        Login login = login();
        String image = login.registry() + "/" + repository + ":" + tag;
        if (runner.run(packageCommand(), Map.of()) != 0) {
            throw new StepFailed("the worker build failed (./mvnw -pl worker -am -Prds-ca package): fix it and deploy again");
        }
        Path settings;
        try {
            settings = Files.createTempFile("s2k-jib-settings", ".xml",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(settings, settings(login.registry()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            if (runner.run(jibCommand(settings, image), Map.of(PASSWORD_ENV, login.password())) != 0) {
                throw new StepFailed("jib:build could not push " + image + ": see Jib's message above");
            }
        } finally {
            try {
                Files.deleteIfExists(settings);
            } catch (IOException ignored) {
                // a temporary file without the password in it
            }
        }
        return image;
    }

    /** A step of the deploy failed; its message is the one line to print. */
    public static final class StepFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public StepFailed(String message) {
            super(message);
        }
    }
}
