package io.slot2kinesis.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.infra.constructs.WorkerService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * TLS where the stacks reach the database, beyond the shipped environments (whose DMS source uses {@code require} and
 * whose worker task {@code verify-full}, asserted in EnvironmentStacksTest): DMS with an imported CA certificate, and
 * the image carrying the bundle at the path the task gives as PGSSLROOTCERT.
 */
class TlsTemplateTest {
    private static final String CA_CERTIFICATE = "arn:aws:dms:eu-west-1:111111111111:cert:RDSGLOBALBUNDLE";

    @Test
    @SuppressWarnings("unchecked")
    void dmsSourceVerifiesTheServerWithAnImportedCaCertificateAndNagStaysClean() {
        Map<String, Object> context = TestApps.cdkJsonContext();
        context.put("env", "dev");
        context.put("mode", "dms");
        Map<String, Object> dev = (Map<String, Object>) ((Map<String, Object>) context.get("environments")).get("dev");
        ((Map<String, Object>) dev.get("dms")).put("caCertificateArn", CA_CERTIFICATE);
        App.Stacks stacks = App.build(new software.amazon.awscdk.App(AppProps.builder().context(context).build()));
        Template.fromStack(stacks.main()).hasResourceProperties("AWS::DMS::Endpoint", Match.objectLike(Map.of(
                "EndpointType", "source",
                "SslMode", "verify-full",
                "CertificateArn", CA_CERTIFICATE)));
        assertThat(NagTest.findings(stacks.main())).isEmpty();
    }

    @Test
    void theImageCarriesTheBundleWhereTheTaskLooksForIt() throws Exception {
        String bundle = WorkerService.RDS_CA_BUNDLE_IN_IMAGE;
        String directory = Path.of(bundle).getParent().toString();
        assertThat(Files.readString(RepoPaths.resolve("worker/Dockerfile")))
                .contains("COPY target/rds-ca/global-bundle.pem " + bundle);
        assertThat(Files.readString(RepoPaths.resolve("worker/pom.xml"))).containsPattern(Pattern.compile(
                "<from>\\$\\{project.build.directory}/rds-ca</from>\\s*<into>" + Pattern.quote(directory) + "</into>"));
        assertThat(Path.of(bundle).getFileName()).hasToString("global-bundle.pem");
    }
}
