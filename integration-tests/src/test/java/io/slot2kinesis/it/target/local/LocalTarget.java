package io.slot2kinesis.it.target.local;

import io.slot2kinesis.it.target.CaptureMode;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.localstack.KinesisLocal;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.kinesis.FastKinesis;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Everything on this machine: an embedded PostgreSQL (the major version whose binaries are on the class path),
 * kinesis-local for the correctness scenarios, an in-process FastKinesis for volume and Kinesis faults, and the
 * worker as a separate process from its shaded jar, one per scenario.
 */
public final class LocalTarget implements Target {
    private final Path workerJar = WorkerProcess.jar();
    private final Path logs = Path.of("target", "worker-logs" + System.getProperty("s2k.logs.suffix", ""))
            .toAbsolutePath();
    private final LocalPostgres postgres = LocalPostgres.start();
    private KinesisLocal kinesisLocal;
    private KinesisClient kinesisLocalClient;
    private FastKinesis fastKinesis;
    private KinesisClient fastKinesisClient;

    @Override
    public String describe() {
        return "local target (PostgreSQL " + serverMajorVersion() + " on port " + postgres.port() + ", worker "
                + workerJar.getFileName() + ", logs in " + logs + ")";
    }

    @Override
    public CaptureMode mode() {
        return CaptureMode.WORKER;
    }

    @Override
    public int serverMajorVersion() {
        try (Connection connection = postgres.connect()) {
            return connection.getMetaData().getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the local PostgreSQL version: " + e.getMessage(), e);
        }
    }

    @Override
    public Scenario begin(ScenarioSpec spec) {
        boolean heavy = spec.load() == ScenarioSpec.Load.HEAVY;
        KinesisClient kinesis = heavy ? fastKinesisClient() : kinesisLocalClient();
        URI endpoint = heavy ? fastKinesis.endpoint() : kinesisLocal.endpoint();
        return LocalScenario.begin(spec, this, kinesis, endpoint, heavy ? fastKinesis : null);
    }

    LocalPostgres postgres() {
        return postgres;
    }

    Path workerJar() {
        return workerJar;
    }

    Path logs() {
        return logs;
    }

    Path tableMappings() {
        return tableMappingsFile();
    }

    /** The table-mapping file every local worker gets: the public schema, minus tables named unselected*. */
    static Path tableMappingsFile() {
        try {
            return Path.of(Objects.requireNonNull(LocalTarget.class.getResource("/table-mappings.json"),
                    "table-mappings.json is missing from the test resources").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized KinesisClient kinesisLocalClient() {
        if (kinesisLocal == null) {
            kinesisLocal = KinesisLocal.start();
            kinesisLocalClient = client(kinesisLocal.endpoint());
        }
        return kinesisLocalClient;
    }

    private synchronized KinesisClient fastKinesisClient() {
        if (fastKinesis == null) {
            fastKinesis = FastKinesis.start(0);
            fastKinesisClient = client(fastKinesis.endpoint());
        }
        return fastKinesisClient;
    }

    static KinesisClient client(URI endpoint) {
        return KinesisClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @Override
    public void close() {
        if (kinesisLocalClient != null) {
            kinesisLocalClient.close();
            kinesisLocal.close();
        }
        if (fastKinesisClient != null) {
            fastKinesisClient.close();
            fastKinesis.close();
        }
        postgres.close();
    }
}
