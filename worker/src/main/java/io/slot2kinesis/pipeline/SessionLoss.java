package io.slot2kinesis.pipeline;

import java.sql.SQLException;

/** How a lost or refused database session is described in the reconnect warning, with a hint where one helps. */
final class SessionLoss {
    private SessionLoss() {}

    /** SQLSTATE, message and, for the cases an operator meets during a failover, what is going on. */
    static String describe(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        String text = e.getSQLState() + (message.isEmpty() ? "" : ": " + message);
        if (message.contains("recovery is in progress") || message.contains("cannot execute")
                && message.contains("during recovery")) {
            // A writer endpoint's DNS can still name the old writer, now a standby, for a while after a failover.
            return text + "; PGHOST reaches a standby (in recovery), not the writer: waiting until it is promoted or "
                    + "PGHOST points at the new writer";
        }
        return text;
    }
}
