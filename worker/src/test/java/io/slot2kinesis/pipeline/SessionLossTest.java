package io.slot2kinesis.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SessionLossTest {

    @Test
    void saysWhenTheHostIsAStandbyRatherThanTheWriter() {
        SQLException onStandby = new SQLException("ERROR: recovery is in progress\n  Hint: WAL control functions "
                + "cannot be executed during recovery.", "55000");
        assertThat(SessionLoss.describe(onStandby)).startsWith("55000: ERROR: recovery is in progress")
                .endsWith("PGHOST reaches a standby (in recovery), not the writer: waiting until it is promoted or "
                        + "PGHOST points at the new writer");
    }

    @Test
    void leavesOtherFailuresAsTheServerSaidThem() {
        assertThat(SessionLoss.describe(new SQLException("Connection refused", "08001")))
                .isEqualTo("08001: Connection refused");
        assertThat(SessionLoss.describe(new SQLException(null, "08006"))).isEqualTo("08006");
    }
}
