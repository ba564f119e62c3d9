package io.slot2kinesis.replication;

import io.slot2kinesis.config.DatabaseConfig;
import java.sql.SQLException;

/**
 * PostgreSQL refused the worker for a reason that retrying cannot change: the login (SQLSTATE class 28), the database
 * (3D000) or a privilege (42501). The worker stops with what to fix instead of reconnecting forever under a "lost the
 * session" warning; in ECS the task then restarts, which also picks up a rotated password. Lost connections,
 * shutdowns, a busy slot and a standby in recovery are not refusals and are retried.
 */
public final class SessionRefusedException extends RuntimeException {
    private SessionRefusedException(String message, SQLException cause) {
        super(message, cause);
    }

    /** The refusal {@code failure} is, or null when it may pass by retrying. */
    public static SessionRefusedException of(DatabaseConfig database, SQLException failure) {
        String state = failure.getSQLState() == null ? "" : failure.getSQLState();
        String refused = "PostgreSQL refused " + database.describe() + " (SQLSTATE " + state + ": "
                + failure.getMessage() + "); ";
        if (state.startsWith("28")) {
            return new SessionRefusedException(refused + "check PGUSER and PGPASSWORD (in AWS the replication user's"
                    + " secret, read when the task starts) and that the server admits this user for replication", failure);
        }
        if (state.equals("3D000")) {
            return new SessionRefusedException(refused + "set PGDATABASE to an existing database", failure);
        }
        if (state.equals("42501")) {
            return new SessionRefusedException(refused + "grant the user what the message names (the README's"
                    + " \"Replication user\" lists what the worker needs; `slot2kinesis check` reports each)", failure);
        }
        return null;
    }
}
