package io.slot2kinesis.it.target.deployed;

import io.slot2kinesis.it.target.CaptureMode;
import io.slot2kinesis.it.target.LocalControls;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.SqlScenario;
import io.slot2kinesis.it.target.StreamFeed;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A scenario on a deployed environment. The stream is shared, so the scenario reads it from its start time and
 * keeps the records of its own tables. In worker mode the worker's publication was created at its first start, so
 * the scenario adds its tables to it (a table without a primary key to the insert-only publication, as the worker
 * does); DMS captures every table its mapping selects.
 */
final class DeployedScenario extends SqlScenario {
    private final DeployedTarget target;
    private final Instant start;

    private DeployedScenario(ScenarioSpec spec, DeployedTarget target, Instant start) {
        super(spec);
        this.target = target;
        this.start = start;
    }

    static DeployedScenario begin(ScenarioSpec spec, DeployedTarget target) {
        DeployedScenario scenario = new DeployedScenario(spec, target, Instant.now().minus(Duration.ofSeconds(5)));
        scenario.execute(spec.setupStatements().toArray(String[]::new));
        if (target.mode() == CaptureMode.WORKER) {
            for (String table : spec.tables()) {
                scenario.publish(table);
            }
        }
        return scenario;
    }

    private void publish(String table) {
        String publication = target.outputs().publication();
        if (!hasPrimaryKey(table)) {
            publication += "_insert_only";
        }
        if (single("SELECT count(*) FROM pg_publication WHERE pubname = '" + publication + "'").equals("0")) {
            throw new IllegalStateException("publication " + publication + " does not exist on the deployed database;"
                    + " the replication-user custom resource creates it (and its _insert_only companion) at deploy"
                    + " time, and the worker reads the list of publications when its session starts");
        }
        // ONLY: an inheritance child is published only when selected itself, as the worker and deploy add tables.
        execute("ALTER PUBLICATION " + publication + " ADD TABLE ONLY " + table);
    }

    private boolean hasPrimaryKey(String table) {
        return !single("SELECT count(*) FROM pg_index WHERE indisprimary AND indrelid = '" + table
                + "'::regclass").equals("0");
    }

    @Override
    public CaptureMode mode() {
        return target.mode();
    }

    @Override
    public Connection connect() throws SQLException {
        return target.connect();
    }

    @Override
    public StreamFeed feed() {
        return new StreamFeed(target.kinesis(), target.outputs().streamName(), spec().tables(), start);
    }

    @Override
    protected String slot() {
        return target.outputs().slotName();
    }

    @Override
    public Optional<LocalControls> local() {
        return Optional.empty();
    }

    @Override
    public String diagnostics() {
        return target.describe() + ", slot " + slot() + "; look at the " + mode().label() + " logs in CloudWatch";
    }

    @Override
    public void close() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String table : spec().tables()) {
                statement.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the scenario's tables " + spec().tables() + ": "
                    + e.getMessage(), e);
        }
    }
}
