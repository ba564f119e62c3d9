package io.slot2kinesis.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.change.TableId;
import io.slot2kinesis.config.DatabaseConfig;
import io.slot2kinesis.config.SslMode;
import io.slot2kinesis.localstack.LocalPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(180)
class NewTableCaptureIT {
    private static LocalPostgres postgres;

    @BeforeAll
    static void start() {
        postgres = LocalPostgres.start();
        postgres.execute("CREATE ROLE s2k LOGIN REPLICATION", "GRANT CREATE ON DATABASE postgres TO s2k",
                "CREATE ROLE app LOGIN", "GRANT ALL ON SCHEMA public TO app", "CREATE TABLE requests_ntc (name text)",
                "GRANT INSERT, SELECT ON requests_ntc TO PUBLIC");
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    /** Records requests in a table, in the caller's transaction, so the test sees whether they committed with it. */
    private static final class RecordingBackfills implements NewTableCapture.Backfills {
        final List<TableId> requested = new CopyOnWriteArrayList<>();

        @Override
        public void prepare(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT FROM requests_ntc");
            }
        }

        @Override
        public String request(Connection connection, TableId table) throws SQLException {
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO requests_ntc VALUES ('" + table.qualified() + "')");
            }
            requested.add(table);
            return "backfill of " + table.qualified();
        }
    }

    private static DatabaseConfig as(String user) {
        return new DatabaseConfig(postgres.host(), postgres.port(), "postgres", user, null, SslMode.DISABLE, null);
    }

    private static void createOwnedPublication(String publication) {
        postgres.execute("CREATE PUBLICATION " + publication, "CREATE PUBLICATION " + publication + "_insert_only",
                "COMMENT ON PUBLICATION " + publication + " IS 'slot2kinesis: slot s created at LSN 0/1\n"
                        + NewTables.OWNED_NOTE + "'");
    }

    private static String publicationOf(String table) {
        return postgres.query("SELECT string_agg(pubname, ',') FROM pg_publication_tables WHERE tablename = '"
                + table + "'");
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting until " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void addsASelectedTableCreatedLaterToItsOwnPublicationWithItsBackfillAndAKeylessOneToTheInsertOnlyOne()
            throws Exception {
        createOwnedPublication("ntc_owned");
        RecordingBackfills backfills = new RecordingBackfills();
        try (NewTableCapture capture = new NewTableCapture(as(LocalPostgres.USER), "ntc_owned",
                table -> table.name().startsWith("ntc_a_"), true, backfills)) {
            postgres.execute("CREATE TABLE ntc_a_keyed (id int PRIMARY KEY)", "CREATE TABLE ntc_a_keyless (v text)",
                    "CREATE TABLE ntc_b_unselected (id int PRIMARY KEY)");

            await("both selected tables are added", () -> publicationOf("ntc_a_keyed") != null
                    && publicationOf("ntc_a_keyless") != null);
        }
        assertThat(publicationOf("ntc_a_keyed")).isEqualTo("ntc_owned");
        assertThat(publicationOf("ntc_a_keyless")).isEqualTo("ntc_owned_insert_only");
        assertThat(publicationOf("ntc_b_unselected")).isNull();
        assertThat(backfills.requested).containsExactly(new TableId("public", "ntc_a_keyed"));
        assertThat(postgres.query("SELECT count(*) FROM requests_ntc WHERE name = 'public.ntc_a_keyed'"))
                .as("the request, committed with the add").isEqualTo("1");
    }

    @Test
    void neitherAltersAPublicationItDidNotCreateNorAddsATableItsUserDoesNotOwn() throws Exception {
        postgres.execute("CREATE PUBLICATION ntc_users", "SET ROLE s2k", "CREATE PUBLICATION ntc_s2k",
                "CREATE PUBLICATION ntc_s2k_insert_only", "COMMENT ON PUBLICATION ntc_s2k IS '"
                        + NewTables.OWNED_NOTE + "'", "RESET ROLE");
        RecordingBackfills backfills = new RecordingBackfills();
        try (NewTableCapture users = new NewTableCapture(as(LocalPostgres.USER), "ntc_users",
                table -> table.name().startsWith("ntc_c_"), true, backfills);
                NewTableCapture notOwner = new NewTableCapture(as("s2k"), "ntc_s2k",
                        table -> table.name().startsWith("ntc_c_"), true, backfills)) {
            postgres.execute("SET ROLE app", "CREATE TABLE ntc_c_app (id int PRIMARY KEY)", "RESET ROLE");
            Thread.sleep(NewTableCapture.INTERVAL.toMillis() * 2 + 500);

            assertThat(publicationOf("ntc_c_app")).as("the table owned by app").isNull();

            postgres.execute("GRANT app TO s2k");
            await("the worker's user, now with app's privileges, adds it", () -> publicationOf("ntc_c_app") != null);
        }
        assertThat(publicationOf("ntc_c_app")).isEqualTo("ntc_s2k");
        assertThat(backfills.requested).containsExactly(new TableId("public", "ntc_c_app"));
    }
}
