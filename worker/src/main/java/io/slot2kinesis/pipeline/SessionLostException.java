package io.slot2kinesis.pipeline;

import java.sql.SQLException;

/** The replication session failed while the reader was waiting; carries the SQL error up to the reconnect loop. */
final class SessionLostException extends RuntimeException {
    SessionLostException(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    SQLException sqlCause() {
        return (SQLException) getCause();
    }
}
