package io.slot2kinesis.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.pipeline.StopSignal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code ./dev demo}, the README's first command, briefly: every change the workload made arrives, once shown. */
class DemoIT {
    @Test
    @Timeout(240)
    void everyChangeOfTheWorkloadArrivesAndIsShown() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        long missing = new Demo(out).run(3, new StopSignal());
        String output = buffer.toString(StandardCharsets.UTF_8);
        System.out.println(output);

        assertThat(missing).as(output).isZero();
        assertThat(output).containsPattern("(?m)^insert +public\\.")
                .containsPattern("summary: [1-9]\\d* rows changed, \\d+ records read \\(\\d+ distinct, \\d+ duplicates\\), 0 missing");
    }
}
