package io.slot2kinesis.it.target.deployed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.it.target.CaptureMode;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.Target;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * An environment deployed by the CDK app, in worker or DMS mode: the RDS database (credentials from the secret in
 * the outputs), the stream, and whatever captures. AWS credentials come from the default chain.
 */
public final class DeployedTarget implements Target {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DeploymentOutputs outputs;
    private final KinesisClient kinesis;
    private final Properties jdbc = new Properties();
    private final String jdbcUrl;

    public DeployedTarget(DeploymentOutputs outputs) {
        this.outputs = outputs;
        AwsCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw new IllegalStateException("s2k.target=deployed needs AWS credentials from the default chain"
                    + " (AWS_PROFILE, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, SSO, an instance role); none found: "
                    + e.getMessage(), e);
        }
        Region region = Region.of(outputs.region());
        this.kinesis = KinesisClient.builder().region(region).credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        JsonNode secret;
        try (SecretsManagerClient secrets = SecretsManagerClient.builder().region(region)
                .credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            secret = JSON.readTree(secrets.getSecretValue(r -> r.secretId(outputs.secretArn())).secretString());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot read the database secret " + outputs.secretArn() + ": "
                    + e.getMessage(), e);
        }
        String database = secret.path("dbname").asText("postgres");
        // The database is private: through a port-forward (docs/deploy.md) pass -Ds2k.databaseAddress=localhost:15432.
        String address = System.getProperty(ADDRESS_PROPERTY, outputs.databaseEndpoint() + ":" + outputs.databasePort());
        this.jdbcUrl = "jdbc:postgresql://" + address + "/" + database;
        jdbc.setProperty("user", secret.path("username").asText());
        jdbc.setProperty("password", secret.path("password").asText());
        jdbc.setProperty("sslmode", "require");
    }

    /** host:port to reach the database at instead of the endpoint in the outputs. */
    public static final String ADDRESS_PROPERTY = "s2k.databaseAddress";

    @Override
    public String describe() {
        return "deployed target (" + outputs.mode().label() + " mode, stream " + outputs.streamArn() + ", database "
                + outputs.databaseEndpoint() + ")";
    }

    @Override
    public CaptureMode mode() {
        return outputs.mode();
    }

    @Override
    public int serverMajorVersion() {
        try (Connection connection = connect()) {
            return connection.getMetaData().getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the deployed database " + jdbcUrl + ": " + e.getMessage(),
                    e);
        }
    }

    @Override
    public Scenario begin(ScenarioSpec spec) {
        return DeployedScenario.begin(spec, this);
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, jdbc);
    }

    DeploymentOutputs outputs() {
        return outputs;
    }

    KinesisClient kinesis() {
        return kinesis;
    }

    @Override
    public void close() {
        kinesis.close();
    }
}
