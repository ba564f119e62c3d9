package io.slot2kinesis.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.change.TableId;
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
}
