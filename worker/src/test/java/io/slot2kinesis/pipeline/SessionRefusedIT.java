package io.slot2kinesis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.kinesis.KinesisClients;
import io.slot2kinesis.localstack.LocalPostgres;
import io.slot2kinesis.localstack.kinesis.FastKinesis;
import io.slot2kinesis.replication.SessionRefusedException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * A refusal that retrying cannot change stops {@code run} with what to fix, instead of a reconnect loop under a "lost
 * the session" warning; nothing is created on the way.
 */
@Timeout(180)
class SessionRefusedIT {
    private static LocalPostgres postgres;
    private static FastKinesis kinesis;

    @BeforeAll
    static void start() {
        postgres = LocalPostgres.start();
        kinesis = FastKinesis.start(0);
        kinesis.createStream("refused", 1);
    }

    @AfterAll
    static void stop() {
        kinesis.close();
        postgres.close();
    }

    private static Throwable runUntilItStops(Map<String, String> overrides) throws InterruptedException {
        Map<String, String> settings = new HashMap<>(Map.of("PGHOST", postgres.host(),
                "PGPORT", Integer.toString(postgres.port()), "PGUSER", LocalPostgres.USER, "PGSSLMODE", "disable",
                "S2K_STREAM", "refused", "AWS_ENDPOINT_URL_KINESIS", kinesis.endpoint().toString(),
                "S2K_SLOT", "refused_slot", "S2K_PUBLICATION", "refused_pub", "S2K_METRICS", "off"));
        settings.putAll(overrides);
        WorkerConfig config = WorkerConfig.load(Map.of(), settings);
        try (KinesisClient client = KinesisClients.create(config.kinesis());
                InProcessWorker worker = new InProcessWorker(config, client)) {
            worker.awaitEnd(Duration.ofSeconds(60));
            assertThat(worker.isRunning()).as("the worker should have stopped, not kept reconnecting").isFalse();
            return worker.failure();
        }
    }

    @Test
    void aDatabaseThatDoesNotExistStopsTheWorkerNamingPgdatabase() throws Exception {
        assertThat(runUntilItStops(Map.of("PGDATABASE", "no_such_database")))
                .isInstanceOf(SessionRefusedException.class)
                .hasMessageContaining("SQLSTATE 3D000").hasMessageContaining("no_such_database")
                .hasMessageEndingWith("set PGDATABASE to an existing database");
    }

    @Test
    void aUserWithoutTheReplicationPrivilegeStopsTheWorkerAndCreatesNothing() throws Exception {
        postgres.execute("CREATE ROLE refused_user LOGIN", "GRANT CREATE ON DATABASE postgres TO refused_user");

        assertThat(runUntilItStops(Map.of("PGUSER", "refused_user")))
                .isInstanceOf(SessionRefusedException.class)
                .hasMessageContaining("SQLSTATE 42501").hasMessageContaining("slot2kinesis check");
        assertThat(postgres.query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'refused_slot'"))
                .isEqualTo("0");
    }
}
