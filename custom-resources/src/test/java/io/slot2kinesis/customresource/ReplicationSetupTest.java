package io.slot2kinesis.customresource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/** The custom resource's SQL against a real PostgreSQL with wal_level=logical (no rds_replication role). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(180)
class ReplicationSetupTest {
    private static final List<ReplicationSpec.Selection> PUBLIC = List.of(
            new ReplicationSpec.Selection("include", "public", "%"),
            new ReplicationSpec.Selection("exclude", "public", "audit%"));
    private static final List<String> OWNED = List.of("slot2kinesis_dms", "slot2kinesis_worker");

    private static EmbeddedPostgres postgres;
    private static Connection db;
    private final List<String> log = new ArrayList<>();

    /** zonky's default start wait is 10 s, short for a loaded 2-core machine; LocalPostgres waits 60 s too. */
    private static EmbeddedPostgres.Builder postgresBuilder() {
        return EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60));
    }

    @BeforeAll
    static void start() throws Exception {
        postgres = postgresBuilder().setServerConfig("wal_level", "logical").start();
        db = postgres.getPostgresDatabase().getConnection();
        db.setAutoCommit(true);
        exec("CREATE TABLE public.orders (id int PRIMARY KEY)", "CREATE TABLE public.audit_log (id int PRIMARY KEY)",
                // keyless: publishing its updates would make the application's UPDATE and DELETE fail
                "CREATE TABLE public.events (id int, v text)", "INSERT INTO public.events VALUES (1, 'a')",
                "CREATE TABLE public.measures (id int, region text, PRIMARY KEY (id, region)) PARTITION BY LIST (region)",
                "CREATE TABLE public.measures_eu PARTITION OF public.measures FOR VALUES IN ('eu')",
                // inheritance children do not inherit the primary key; other.child is not selected, parent_kid is
                "CREATE TABLE public.parent (id int PRIMARY KEY, v text)", "CREATE SCHEMA other",
                "CREATE TABLE other.child (extra int) INHERITS (public.parent)",
                "CREATE TABLE public.parent_kid (extra int) INHERITS (public.parent)",
                "INSERT INTO other.child VALUES (1, 'a', 1)", "INSERT INTO public.parent_kid VALUES (2, 'a', 2)");
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
        postgres.close();
    }

    private static ReplicationSpec worker() {
        return new ReplicationSpec("slot2kinesis", "slot2kinesis_worker", "pgoutput", "slot2kinesis", PUBLIC, OWNED, "");
    }

    private static ReplicationSpec dms() {
        return new ReplicationSpec("slot2kinesis", "", "", "", PUBLIC, OWNED, "slot2kinesis_dms");
    }

    @Test
    @Order(1)
    void createsUserSlotAndPublicationOfTheSelectedTables() throws SQLException {
        String lsn = new ReplicationSetup(db, log::add).apply(worker(), "pw1");
        assertThat(lsn).matches("[0-9A-F]+/[0-9A-F]+");
        assertThat(rows("SELECT plugin FROM pg_replication_slots WHERE slot_name = 'slot2kinesis_worker'")).containsExactly("pgoutput");
        assertThat(published("slot2kinesis%")).containsExactly("slot2kinesis:public.measures",
                "slot2kinesis:public.orders", "slot2kinesis:public.parent",
                "slot2kinesis_insert_only:public.events", "slot2kinesis_insert_only:public.parent_kid");
        assertThat(rows("SELECT pubname || ' ' || concat_ws(',', CASE WHEN pubinsert THEN 'insert' END,"
                + " CASE WHEN pubupdate THEN 'update' END, CASE WHEN pubdelete THEN 'delete' END,"
                + " CASE WHEN pubtruncate THEN 'truncate' END, CASE WHEN pubviaroot THEN 'via root' END)"
                + " FROM pg_publication ORDER BY 1")).containsExactly(
                "slot2kinesis insert,update,delete,truncate,via root", "slot2kinesis_insert_only insert,truncate,via root");
        assertThat(rows("SELECT has_table_privilege('slot2kinesis', 'public.orders', 'SELECT')::text")).containsExactly("true");
        assertThat(rows("SELECT rolreplication::text FROM pg_roles WHERE rolname = 'slot2kinesis'")).containsExactly("true");
    }

    @Test
    @Order(2)
    void leavesTheApplicationsUpdatesAndDeletesOfKeylessTablesAndInheritanceChildrenWorking() throws SQLException {
        exec("UPDATE public.events SET v = 'b'", "UPDATE other.child SET v = 'b'", "UPDATE public.parent_kid SET v = 'b'",
                "UPDATE public.parent SET v = 'c'", "DELETE FROM public.events", "DELETE FROM other.child");
        assertThat(rows("SELECT count(*)::text FROM public.parent")).containsExactly("1");
    }

    @Test
    @Order(2)
    void notesTheWorkersSlotInThePublicationSoTheWorkerCanTellALostSlotFromAFirstStart() throws SQLException {
        String lsn = rows("SELECT confirmed_flush_lsn::text FROM pg_replication_slots WHERE slot_name = 'slot2kinesis_worker'").get(0);
        assertThat(rows("SELECT obj_description(oid, 'pg_publication') FROM pg_publication WHERE pubname = 'slot2kinesis'"))
                .containsExactly(ReplicationSetup.MARK + "\nslot2kinesis: slot slot2kinesis_worker created at LSN " + lsn);
        if (Integer.parseInt(rows("SHOW server_version_num").get(0)) >= 170000) {
            assertThat(rows("SELECT failover::text FROM pg_replication_slots WHERE slot_name = 'slot2kinesis_worker'"))
                    .containsExactly("true");
        }
    }

    @Test
    @Order(3)
    void runsAgainWithoutRecreatingTheSlotAndPublishesNewTables() throws SQLException {
        String before = rows("SELECT restart_lsn::text FROM pg_replication_slots WHERE slot_name = 'slot2kinesis_worker'").get(0);
        exec("CREATE TABLE public.customers (id int PRIMARY KEY)", "CREATE TABLE public.visits (id int, v text)",
                "CREATE TABLE other.visits_child () INHERITS (public.visits)",
                // as a version before the insert-only publication put it: a redeploy leaves it there and names it
                "CREATE TABLE public.legacy (id int)", "ALTER PUBLICATION slot2kinesis ADD TABLE ONLY public.legacy");
        new ReplicationSetup(db, log::add).apply(worker(), "pw2");
        assertThat(rows("SELECT restart_lsn::text FROM pg_replication_slots WHERE slot_name = 'slot2kinesis_worker'"))
                .containsExactly(before);
        assertThat(published("slot2kinesis%")).containsExactly("slot2kinesis:public.customers",
                "slot2kinesis:public.legacy", "slot2kinesis:public.measures", "slot2kinesis:public.orders",
                "slot2kinesis:public.parent", "slot2kinesis_insert_only:public.events",
                "slot2kinesis_insert_only:public.parent_kid", "slot2kinesis_insert_only:public.visits");
        assertThat(log).contains("table public.legacy has no primary key or replica identity and is in publication"
                + " slot2kinesis, which publishes updates, so the application's UPDATE and DELETE on it fail; it is"
                + " left there (a redeploy never moves a published table): move it with ALTER PUBLICATION"
                + " \"slot2kinesis\" DROP TABLE public.legacy; ALTER PUBLICATION \"slot2kinesis_insert_only\" ADD TABLE"
                + " ONLY public.legacy, or give it a primary key");
        exec("ALTER PUBLICATION slot2kinesis DROP TABLE public.legacy", "DROP TABLE public.legacy");
        assertThat(log).contains("role slot2kinesis exists: password set from the secret");
    }

    @Test
    @Order(3)
    void leavesAnUnloggedTableOutOfThePublicationAndNamesItButGrantsSelectOnIt() throws SQLException {
        exec("CREATE UNLOGGED TABLE public.scratch (id int PRIMARY KEY)");
        new ReplicationSetup(db, log::add).apply(worker(), "pw2");
        assertThat(rows("SELECT tablename FROM pg_publication_tables WHERE pubname = 'slot2kinesis' ORDER BY 1"))
                .doesNotContain("scratch").contains("orders");
        assertThat(rows("SELECT has_table_privilege('slot2kinesis', 'public.scratch', 'SELECT')::text")).containsExactly("true");
        assertThat(log).contains("table public.scratch is unlogged: left out of publication slot2kinesis (PostgreSQL"
                + " writes no WAL for it, and logical decoding reads the WAL, so no tool can capture it); to capture"
                + " it: ALTER TABLE public.scratch SET LOGGED, then ALTER PUBLICATION \"slot2kinesis\" ADD TABLE"
                + " ONLY public.scratch");
    }

    @Test
    @Order(4)
    void switchingToDmsCreatesNoSlotForDmsToOwnAndLetsTheUserCreateOnlyInTheHeartbeatSchema() throws SQLException {
        String lsn = new ReplicationSetup(db, log::add).apply(dms(), "pw2");
        assertThat(lsn).isEmpty();
        assertThat(rows("SELECT slot_name || ':' || plugin FROM pg_replication_slots ORDER BY 1"))
                .containsExactly("slot2kinesis_worker:pgoutput");
        assertThat(rows("SELECT pubname FROM pg_publication ORDER BY 1"))
                .containsExactly("slot2kinesis", "slot2kinesis_insert_only");
        assertThat(rows("SELECT has_schema_privilege('slot2kinesis', 'slot2kinesis_dms', 'CREATE')::text")).containsExactly("true");
        assertThat(rows("SELECT has_schema_privilege('slot2kinesis', 'public', 'CREATE')::text")).containsExactly("false");
    }

    @Test
    @Order(5)
    void refusesASlotOfTheSameNameWithAnotherPlugin() {
        ReplicationSpec wrong = new ReplicationSpec("slot2kinesis", "slot2kinesis_worker", "test_decoding", "", PUBLIC, OWNED, "");
        SQLException e = assertThrows(SQLException.class, () -> new ReplicationSetup(db, log::add).apply(wrong, "pw2"));
        assertThat(e.getMessage()).isEqualTo("slot slot2kinesis_worker exists with plugin pgoutput, expected test_decoding:"
                + " it is left alone; drop or rename it by hand");
    }

    @Test
    @Order(6)
    void refusesADatabaseWithoutLogicalWalAndNamesTheStepThatFixesIt() throws Exception {
        try (EmbeddedPostgres replica = postgresBuilder().setServerConfig("wal_level", "replica").start();
                Connection other = replica.getPostgresDatabase().getConnection()) {
            SQLException e = assertThrows(SQLException.class, () -> new ReplicationSetup(other, log::add).apply(worker(), "pw"));
            assertThat(e.getMessage()).isEqualTo("wal_level is replica, not logical: attach the parameter group of the"
                    + " -parameters stack (its command: output AttachParameterGroup) and reboot, then deploy again"
                    + " (docs/deploy.md, Existing database, step 2)");
            assertThat(new ReplicationSetup(other, log::add).selectedTables(worker())).isEmpty();
            try (Statement st = other.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_roles WHERE rolname = 'slot2kinesis'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }

    @Test
    @Order(6)
    void namesTheStaticParametersThatWaitForAReboot() throws Exception {
        try (EmbeddedPostgres other = postgresBuilder().setServerConfig("wal_level", "logical")
                .setServerConfig("max_replication_slots", "10").setServerConfig("max_wal_senders", "12").start();
                Connection c = other.getPostgresDatabase().getConnection()) {
            c.setAutoCommit(true);
            ReplicationSetup setup = new ReplicationSetup(c, log::add);
            java.util.Map<String, Integer> minimums = new java.util.TreeMap<>(java.util.Map.of(
                    "max_replication_slots", 10, "max_wal_senders", 12));
            assertThat(setup.pendingReboot(minimums)).isEmpty();
            // the parameter group raised, RDS not yet applied: the running value is below the group's
            minimums.put("max_replication_slots", 20);
            assertThat(setup.pendingReboot(minimums)).containsExactly("max_replication_slots (running 10, parameter group 20)");
            // applied without a restart (what RDS does for a static parameter): pending_restart in pg_settings
            try (Statement st = c.createStatement()) {
                st.execute("ALTER SYSTEM SET max_wal_senders = 30");
                st.execute("SELECT pg_reload_conf()");
            }
            List<String> pending = List.of();
            for (int i = 0; i < 50 && !pending.contains("max_wal_senders (changed, pending restart)"); i++) {
                Thread.sleep(100);
                pending = setup.pendingReboot(minimums);
            }
            // (the embedded server also reports max_connections, set on its command line and not in the reloaded file)
            assertThat(pending).startsWith("max_replication_slots (running 10, parameter group 20)")
                    .contains("max_wal_senders (changed, pending restart)");
        }
    }

    @Test
    @Order(7)
    void removeDropsOnlyWhatItCreated() throws SQLException {
        exec("CREATE PUBLICATION someone_elses");
        List<String> kept = new ReplicationSetup(db, log::add).remove(
                new ReplicationSpec("slot2kinesis", "slot2kinesis_worker", "pgoutput", "slot2kinesis", PUBLIC, OWNED, "slot2kinesis_dms"));
        assertThat(kept).isEmpty();
        assertThat(rows("SELECT slot_name FROM pg_replication_slots")).isEmpty();
        assertThat(rows("SELECT pubname FROM pg_publication")).containsExactly("someone_elses");
        assertThat(rows("SELECT rolname FROM pg_roles WHERE rolname = 'slot2kinesis'")).isEmpty();
        assertThat(rows("SELECT nspname FROM pg_namespace WHERE nspname = 'slot2kinesis_dms'")).isEmpty();
    }

    @Test
    @Order(8)
    void withTableGroupsCreatesOneSlotAndOnePublicationPerGroupAndTheDefaultTakesTheRest() throws SQLException {
        exec("CREATE TABLE public.suppliers (id int PRIMARY KEY)");
        List<String> owned = List.of("slot2kinesis_dms", "slot2kinesis_worker", "s2k_a", "s2k_rest");
        ReplicationSpec spec = new ReplicationSpec("slot2kinesis", "", "pgoutput", "", PUBLIC, owned, "", List.of(
                new ReplicationSpec.Group("s2k_a", "pub_a", List.of(
                        new ReplicationSpec.Selection("include", "public", "ord[a-e]r_")), false),
                new ReplicationSpec.Group("s2k_rest", "pub_rest", List.of(), true)));
        ReplicationSetup setup = new ReplicationSetup(db, log::add);

        assertThat(setup.apply(spec, "pw")).matches("[0-9A-F]+/[0-9A-F]+");

        assertThat(rows("SELECT slot_name || ':' || plugin FROM pg_replication_slots ORDER BY 1"))
                .containsExactly("s2k_a:pgoutput", "s2k_rest:pgoutput");
        assertThat(rows("SELECT pubname FROM pg_publication WHERE pubname LIKE 'pub_%' ORDER BY 1"))
                .containsExactly("pub_a", "pub_a_insert_only", "pub_rest", "pub_rest_insert_only");
        assertThat(published("pub_%")).containsExactly("pub_a:public.orders", "pub_rest:public.customers",
                "pub_rest:public.measures", "pub_rest:public.parent", "pub_rest:public.suppliers",
                "pub_rest_insert_only:public.events", "pub_rest_insert_only:public.parent_kid",
                "pub_rest_insert_only:public.visits");
        // public.scratch (unlogged, from order 3) matches the default group: CREATE PUBLICATION leaves it out
        assertThat(log).anyMatch(line -> line.startsWith("table public.scratch is unlogged: left out of publication"
                + " pub_rest"));
        assertThat(setup.remove(spec)).isEmpty();
        assertThat(rows("SELECT slot_name FROM pg_replication_slots")).isEmpty();
        assertThat(rows("SELECT pubname FROM pg_publication WHERE pubname LIKE 'pub_%'")).isEmpty();
    }

    @Test
    void groupPatternsMatchAsTheWorkersDmsPatternsDo() {
        assertThat(ReplicationSetup.regex("log[_]%")).isEqualTo("^log[_].*$");
        assertThat(ReplicationSetup.regex("a_b.c[")).isEqualTo("^a.b\\.c\\[$");
        assertThat("log_2024").matches(ReplicationSetup.regex("log[_]%"));
        assertThat("logX2024").doesNotMatch(ReplicationSetup.regex("log[_]%"));
        assertThat("orders").matches(ReplicationSetup.regex("ord[a-e]r_"));
    }

    /** {@code publication:schema.table} of the publications named like the pattern, sorted. */
    private static List<String> published(String publicationPattern) throws SQLException {
        return rows("SELECT pubname || ':' || schemaname || '.' || tablename FROM pg_publication_tables"
                + " WHERE pubname LIKE '" + publicationPattern + "' ORDER BY 1");
    }

    private static void exec(String... sql) throws SQLException {
        try (Statement st = db.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    private static List<String> rows(String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
