package io.slot2kinesis.kclexample;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.pipeline.StopSignal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ./dev kcl-example} briefly: the KCL consumer's rebuilt table equals the database. */
class KclExampleIT {
    static {
        KclExampleCommand.configureLogging();
    }

    @Test
    @Timeout(240)
    void theRebuiltTableEqualsTheDatabase() throws Exception {
        // The KCL's first start alone takes some 20 s; the catch-up wait ends as soon as the tables match.
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        KclExample.Comparison comparison = new KclExample(out, Duration.ofSeconds(120)).run(3, new StopSignal());
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.println(output);

        assertThat(comparison.same()).as(output).isTrue();
        assertThat(comparison.databaseRows()).isPositive();
        assertThat(output).contains("received INSERT  public.items", "the rebuilt table equals the database")
                .containsPattern("summary: \\d+ changes received by the KCL consumer; (\\d+) rows in the database,"
                        + " \\1 in the rebuilt table: \\1 rows equal, 0 differing, 0 missing, 0 extra");
    }
}
