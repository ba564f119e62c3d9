package io.slot2kinesis.cli;

import io.slot2kinesis.check.Finding;
import io.slot2kinesis.check.SetupCheck;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.pipeline.Wiring;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/** {@code check}: report whether everything {@code run} needs is in place; exit 1 with what to fix if not. */
final class CheckCommand {
    private CheckCommand() {}

    /** {@code options}: the settings given on the command line, by name. */
    static int check(Map<String, String> options) {
        WorkerConfig config = WorkerConfig.load(System.getenv(), options);
        Wiring wiring = Wiring.from(config);
        List<Finding> findings;
        try (KinesisClient kinesis = wiring.kinesisClient()) {
            findings = (wiring.groups() == null ? new SetupCheck(config, wiring.selection(), kinesis)
                    : SetupCheck.ofGroup(config, wiring.selection(), wiring.groups(), wiring.mappingSelection(),
                    kinesis)).run();
        }
        findings.forEach(finding -> System.out.println(finding.render()));
        long failed = findings.stream().filter(f -> f.level() == Finding.Level.FAIL).count();
        long warned = findings.stream().filter(f -> f.level() == Finding.Level.WARN).count();
        System.out.println(failed == 0 ? "ready to run (" + warned + " warning(s))"
                : failed + " problem(s) to fix before run (" + warned + " warning(s))");
        return failed == 0 ? 0 : 1;
    }
}
