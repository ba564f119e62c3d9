package io.slot2kinesis.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class LocalStandbyIT {

    /**
     * The standby's copy of a slot stays temporary until the primary's slot (its catalog xmin) moves past where the
     * copy started. With no consumer, do what one would: a running-transactions record, then advance the slot.
     */
    private static void awaitSynced(LocalPostgres primary, LocalPostgres standby) {
        String advanced = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            primary.query("SELECT pg_log_standby_snapshot()");
            advanced = primary.query("SELECT end_lsn FROM pg_replication_slot_advance('s', pg_current_wal_lsn())");
            if ("1".equals(standby.query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 's' AND synced"
                    + " AND NOT temporary"))) {
                break;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(primary.awaitSlotSynced(standby, "s", advanced, Duration.ofSeconds(60))).isEqualTo(advanced);
    }

    @Test
    @Timeout(120)
    void promotedStandbyHasTheCommittedRowsAndTheSynchronizedFailoverSlot() {
        try (LocalPostgres primary = LocalPostgres.start(Map.of("synchronous_commit", "on"))) {
            int major = primary.majorVersion();
            boolean failoverSlots = major >= 17;
            StandbySettings settings = StandbySettings.named("standby1").synchronous();
            try (LocalPostgres standby = primary.startStandby(failoverSlots ? settings.syncingFailoverSlots()
                    : settings)) {
                primary.execute("CREATE TABLE t (id int PRIMARY KEY)", failoverSlots
                        ? "SELECT pg_create_logical_replication_slot('s', 'pgoutput', false, false, true)"
                        : "SELECT pg_create_logical_replication_slot('s', 'pgoutput')");
                primary.execute("INSERT INTO t SELECT generate_series(1, 100)");
                assertThat(standby.query("SELECT pg_is_in_recovery()")).isEqualTo("t");
                if (failoverSlots) {
                    awaitSynced(primary, standby);
                }

                primary.crash();
                assertThatThrownBy(primary::connect).as("the crashed primary accepts no connections");
                standby.promote();

                assertThat(standby.query("SELECT pg_is_in_recovery()")).isEqualTo("f");
                assertThat(standby.query("SELECT count(*) FROM t")).as("every synchronously committed row")
                        .isEqualTo("100");
                standby.execute("INSERT INTO t VALUES (101)");
                assertThat(standby.query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 's'"))
                        .as("the logical slot survives only where it was synchronized (PostgreSQL %d)", major)
                        .isEqualTo(failoverSlots ? "1" : "0");
                assertThat(standby.query("SELECT count(*) FROM pg_replication_slots WHERE slot_name = 'standby1'"))
                        .as("the primary's physical slot for the standby is not copied").isEqualTo("0");
            }
        }
    }
}
