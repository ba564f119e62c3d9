package io.slot2kinesis.replication;

import io.slot2kinesis.config.DatabaseConfig;
import java.security.cert.CertificateException;
import java.sql.SQLException;

/**
 * The server's certificate failed verification (not signed by a CA in PGSSLROOTCERT, or not naming PGHOST). Retrying
 * cannot fix a setting, so the worker stops with this instead of reconnecting forever. A handshake that merely broke
 * off (a reset during a failover) is not one of these and is retried as any lost session.
 */
public final class ServerCertificateRejectedException extends RuntimeException {
    private final String problem;
    private final String fix;

    private ServerCertificateRejectedException(String problem, String fix, SQLException cause) {
        super(problem + "; " + fix, cause);
        this.problem = problem;
        this.fix = fix;
    }

    /** The rejection {@code failure} describes, or null when it is not a certificate verification failure. */
    public static ServerCertificateRejectedException of(DatabaseConfig database, SQLException failure) {
        String mode = "sslmode " + database.sslMode().pgValue();
        if (String.valueOf(failure.getMessage()).contains("could not be verified by hostnameverifier")) {
            return new ServerCertificateRejectedException("the server certificate does not name " + database.host()
                    + " (" + mode + ", CA bundle " + database.sslRootCert() + ")", "set PGHOST to a name the certificate carries (on RDS the instance or cluster "
                    + "endpoint, not an IP address or an alias)", failure);
        }
        if (database.verifiesServer() && causedByCertificate(failure)) {
            return new ServerCertificateRejectedException("the server certificate is not signed by a CA in "
                    + database.sslRootCert() + " (" + mode + "): " + failure.getMessage(),
                    "set PGSSLROOTCERT to the bundle of the CA that signed it (for RDS the global bundle: build "
                            + "the image with -Prds-ca)", failure);
        }
        return null;
    }

    public String problem() {
        return problem;
    }

    public String fix() {
        return fix;
    }

    private static boolean causedByCertificate(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }
}
