package io.slot2kinesis.pipeline;

import io.slot2kinesis.change.TableId;
import io.slot2kinesis.load.SignalTable;
import io.slot2kinesis.replication.NewTableCapture;
import java.sql.Connection;
import java.sql.SQLException;

/** Files the backfill of a table the worker added to its publication as a request in the signal table. */
record NewTableBackfills(String slot, TableId signalTable) implements NewTableCapture.Backfills {
    @Override
    public void prepare(Connection connection) throws SQLException {
        new SignalTable(connection, signalTable).ensure();
    }

    @Override
    public String request(Connection connection, TableId table) throws SQLException {
        return "backfill #" + new SignalTable(connection, signalTable).request(slot, table, null, null);
    }
}
