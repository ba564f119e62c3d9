package io.slot2kinesis.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.change.TableId;
import java.util.List;
import org.junit.jupiter.api.Test;

class PublicationSetupTest {
    @Test
    void aPublishedSignalTableIsReportedWithTheExactStatementThatTakesItOut() {
        String message = PublicationSetup.signalTablePublished("orders_pub",
                new TableId("ops", "slot2kinesis \"signals\""));

        assertThat(message).startsWith("publication 'orders_pub' has the signal table ops.slot2kinesis \"signals\" "
                + "(S2K_SIGNAL_TABLE)")
                .contains("run: ALTER PUBLICATION \"orders_pub\" DROP TABLE \"ops\".\"slot2kinesis \"\"signals\"\"\"");
    }

    @Test
    void aPublicationThatDoesNotPublishViaTheRootNamesThePartitionedTablesAndTheStatementToRun() {
        String message = PublicationSetup.notViaPartitionRoot("orders_pub", List.of(new TableId("public", "orders")),
                17);

        assertThat(message).startsWith("publication 'orders_pub' does not publish via the partition root, and the "
                + "selected table(s) [public.orders] are partitioned")
                .endsWith("run: ALTER PUBLICATION \"orders_pub\" SET (publish_via_partition_root = true)");
    }

    @Test
    void beforePostgres13TheWarningSaysTheOptionDoesNotExistYet() {
        assertThat(PublicationSetup.notViaPartitionRoot("p", List.of(new TableId("public", "orders")), 12))
                .endsWith("PostgreSQL 12 has no publish_via_partition_root (13 and later have)");
    }
}
