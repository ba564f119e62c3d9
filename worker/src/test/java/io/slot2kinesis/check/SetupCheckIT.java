package io.slot2kinesis.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.kinesis.KinesisClients;
import io.slot2kinesis.localstack.KinesisLocal;
import io.slot2kinesis.localstack.LocalPostgres;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.kinesis.KinesisClient;

@Timeout(120)
class SetupCheckIT {
    private static LocalPostgres logical;
    private static LocalPostgres notLogical;
    private static KinesisLocal emulator;

    @BeforeAll
    static void start() {
        logical = LocalPostgres.start();
        notLogical = LocalPostgres.start(Map.of("wal_level", "replica"));
        emulator = KinesisLocal.start();
        logical.execute("CREATE TABLE public.keyed (id int PRIMARY KEY)", "CREATE TABLE public.keyless (v text)",
                "CREATE ROLE plain LOGIN", "GRANT SELECT ON public.keyed TO plain");
    }

    @AfterAll
    static void stop() {
        emulator.close();
        notLogical.close();
        logical.close();
    }

    private static WorkerConfig config(LocalPostgres postgres, String user, String stream) {
        return config(postgres, user, stream, Map.of());
    }

    private static WorkerConfig config(LocalPostgres postgres, String user, String stream, Map<String, String> more) {
        Map<String, String> settings = new HashMap<>(more);
        settings.put("PGHOST", postgres.host());
        settings.put("PGPORT", Integer.toString(postgres.port()));
        settings.put("PGUSER", user);
        settings.put("PGSSLMODE", "disable");
        settings.put("S2K_STREAM", stream);
        settings.put("AWS_ENDPOINT_URL_KINESIS", emulator.endpoint().toString());
        return WorkerConfig.load(Map.of(), settings);
    }

    private static List<Finding> check(WorkerConfig config) {
        try (KinesisClient kinesis = KinesisClients.create(config.kinesis())) {
            return new SetupCheck(config, table -> true, kinesis).run();
        }
    }

    private static Finding finding(List<Finding> findings, String subject) {
        return findings.stream().filter(f -> f.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding for " + subject + " in " + findings));
    }

    @Test
    void reportsEverythingInPlaceOnAReadyDatabaseAndStream() {
        WorkerConfig config = config(logical, LocalPostgres.USER, "ready");
        try (KinesisClient kinesis = KinesisClients.create(config.kinesis())) {
            kinesis.createStream(r -> r.streamName("ready").shardCount(1));
            kinesis.waiter().waitUntilStreamExists(r -> r.streamName("ready"));
        }
        List<Finding> findings = check(config);
        assertThat(finding(findings, "wal_level").level()).isEqualTo(Finding.Level.OK);
        assertThat(finding(findings, "replication privilege").detail()).isEqualTo("superuser");
        assertThat(finding(findings, "table public.keyed").level()).isEqualTo(Finding.Level.OK);
        assertThat(finding(findings, "stream ready").detail()).startsWith("ACTIVE, 1 open shard(s)");
        assertThat(findings).noneMatch(f -> f.level() == Finding.Level.FAIL);
    }

    @Test
    void warnsThatTheSignalTableIsInThePublicationWithTheStatementThatTakesItOut() {
        logical.execute("CREATE TABLE public.check_signals (id bigserial PRIMARY KEY)",
                "CREATE PUBLICATION check_signals_pub FOR TABLE public.keyed, public.check_signals");
        WorkerConfig config = config(logical, LocalPostgres.USER, "any", Map.of("S2K_PUBLICATION",
                "check_signals_pub", "S2K_SIGNAL_TABLE", "public.check_signals"));

        Finding signals = finding(check(config), "table public.check_signals");

        assertThat(signals.level()).isEqualTo(Finding.Level.WARN);
        assertThat(signals.detail()).startsWith("is the signal table (S2K_SIGNAL_TABLE) and in publication "
                + "check_signals_pub");
        assertThat(signals.fix()).isEqualTo("ALTER PUBLICATION \"check_signals_pub\" DROP TABLE \"public\".\"check_signals\"");
    }

    @Test
    void warnsThatAUserWithoutTheTableOwnersPrivilegesCannotAddTablesCreatedLaterNamingTheGrant() {
        logical.execute("CREATE PUBLICATION check_owned_pub", "COMMENT ON PUBLICATION check_owned_pub IS '"
                + io.slot2kinesis.replication.NewTables.OWNED_NOTE + "'");
        Map<String, String> owned = Map.of("S2K_PUBLICATION", "check_owned_pub");

        Finding asOwner = finding(check(config(logical, LocalPostgres.USER, "any", owned)), "new tables");
        Finding asPlain = finding(check(config(logical, "plain", "any", owned)), "new tables");

        assertThat(asOwner.level()).isEqualTo(Finding.Level.OK);
        assertThat(asOwner.detail()).startsWith("the worker adds selected tables created later to publication "
                + "check_owned_pub");
        assertThat(asPlain.level()).isEqualTo(Finding.Level.WARN);
        assertThat(asPlain.detail()).startsWith("selected tables are owned by [" + LocalPostgres.USER + "], whose "
                + "privileges plain does not have: ALTER PUBLICATION needs ownership of the table");
        assertThat(asPlain.fix()).startsWith("GRANT \"" + LocalPostgres.USER + "\" TO \"plain\" (with INHERIT");
    }

    @Test
    void warnsThatAPublicationTheWorkerDidNotCreateDoesNotGetTablesCreatedLater() throws Exception {
        logical.execute("CREATE PUBLICATION check_user_pub FOR TABLE public.keyed");
        java.nio.file.Path mappings = java.nio.file.Files.createTempFile("mappings", ".json");
        java.nio.file.Files.writeString(mappings, "{\"rules\": [{\"rule-type\": \"selection\", \"rule-id\": \"1\","
                + " \"rule-name\": \"1\", \"object-locator\": {\"schema-name\": \"public\", \"table-name\": \"%\"},"
                + " \"rule-action\": \"include\"}]}");

        Finding finding = finding(check(config(logical, LocalPostgres.USER, "any", Map.of("S2K_PUBLICATION",
                "check_user_pub", "S2K_TABLE_MAPPINGS", mappings.toString()))), "new tables");

        assertThat(finding.level()).isEqualTo(Finding.Level.WARN);
        assertThat(finding.detail()).isEqualTo("publication check_user_pub was not created by the worker, which never "
                + "alters it: selected tables created later are not captured until they are added");
    }

    @Test
    void warnsAboutAChangedStaticSettingThatWaitsForARestartNamingItAndTheReboot() throws Exception {
        // max_worker_processes: a static setting the embedded server does not get on its command line (one there
        // outranks postgresql.auto.conf, so a changed value would never be pending)
        String running = logical.query("SHOW max_worker_processes");
        assertThat(finding(check(config(logical, LocalPostgres.USER, "any")), "pending restart").level())
                .isEqualTo(Finding.Level.OK);
        logical.execute("ALTER SYSTEM SET max_worker_processes = " + (Integer.parseInt(running) + 1),
                "SELECT pg_reload_conf()");
        try {
            awaitPendingRestart("true");

            Finding pending = finding(check(config(logical, LocalPostgres.USER, "any")), "pending restart");

            assertThat(pending.level()).isEqualTo(Finding.Level.WARN);
            assertThat(pending.detail()).contains("used by logical replication: max_worker_processes (now " + running
                    + ")");
            assertThat(pending.fix()).contains("aws rds reboot-db-instance");
        } finally {
            // Back to the running value, which clears pending_restart. Not ALTER SYSTEM RESET: PostgreSQL marks a
            // static setting taken out of the file as pending a restart for good.
            logical.execute("ALTER SYSTEM SET max_worker_processes = " + running, "SELECT pg_reload_conf()");
            awaitPendingRestart("false");
        }
    }

    /** pg_reload_conf() only signals the postmaster: waits until it re-read the file. */
    private static void awaitPendingRestart(String expected) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (!expected.equals(logical.query("SELECT pending_restart::text FROM pg_settings"
                + " WHERE name = 'max_worker_processes'"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("max_worker_processes: pending_restart is not " + expected + " after 60 s");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void failsOnAServerWithoutLogicalWalLevelAndSaysHowToFixIt() {
        Finding walLevel = finding(check(config(notLogical, LocalPostgres.USER, "any")), "wal_level");
        assertThat(walLevel.level()).isEqualTo(Finding.Level.FAIL);
        assertThat(walLevel.detail()).startsWith("replica");
        assertThat(walLevel.fix()).contains("rds.logical_replication=1");
    }

    @Test
    void warnsAboutATableWithoutPrimaryKeyNamingIt() {
        Finding keyless = finding(check(config(logical, LocalPostgres.USER, "any")), "table public.keyless");
        assertThat(keyless.level()).isEqualTo(Finding.Level.WARN);
        assertThat(keyless.detail()).contains("no primary key");
        assertThat(keyless.fix()).contains("REPLICA IDENTITY FULL");
    }

    @Test
    void failsForAUserWithoutReplicationPrivilegeOrSelect() {
        List<Finding> findings = check(config(logical, "plain", "any"));
        assertThat(finding(findings, "replication privilege").level()).isEqualTo(Finding.Level.FAIL);
        assertThat(finding(findings, "replication privilege").fix()).contains("GRANT rds_replication");
        assertThat(finding(findings, "table public.keyless").level()).isEqualTo(Finding.Level.FAIL);
        assertThat(finding(findings, "table public.keyless").fix()).isEqualTo(
                "GRANT SELECT ON \"public\".\"keyless\" TO plain");
    }

    @Test
    void failsWhenTheStreamDoesNotExist() {
        Finding stream = finding(check(config(logical, LocalPostgres.USER, "missing")), "stream missing");
        assertThat(stream.level()).isEqualTo(Finding.Level.FAIL);
    }
}
