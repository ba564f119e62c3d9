package io.slot2kinesis.it.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.it.target.TargetExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each failsafe execution runs the suite on the PostgreSQL major version it put on the class path. */
@ExtendWith(TargetExtension.class)
class PostgresVersionIT {
    static final String EXPECTED_MAJOR = "s2k.pg.expectedMajor";

    @Test
    @Timeout(60)
    void runsOnThePostgresMajorVersionThisExecutionAskedFor(Target target) {
        if (!System.getProperty("s2k.target", "local").equals("local")) {
            // A deployed environment chooses its own version; the configurations it ships start at 14.
            assertThat(target.serverMajorVersion()).as("server major version of %s", target.describe())
                    .isGreaterThanOrEqualTo(14);
            return;
        }
        String expected = System.getProperty(EXPECTED_MAJOR);
        assertThat(expected).as("%s, set by each failsafe execution of the local target", EXPECTED_MAJOR).isNotNull();
        assertThat(target.serverMajorVersion()).as("server major version of %s", target.describe())
                .isEqualTo(Integer.parseInt(expected));
    }
}
