package io.slot2kinesis.deploy;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks before a deploy or destroy, in order. The first check (credentials and account) gates the others:
 * without it every other call fails for the same reason, so they are not asked.
 */
public final class Preflight {

    /** What the checks found; {@link #ok()} when nothing failed. */
    public record Report(List<Finding> findings) {
        public boolean ok() {
            return findings.stream().allMatch(Finding::ok);
        }

        public List<Finding> failures() {
            return findings.stream().filter(f -> !f.ok()).toList();
        }
    }

    private final List<Check> checks;

    public Preflight(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    public Report run(PrintStream out) {
        List<Finding> all = new ArrayList<>();
        for (int i = 0; i < checks.size(); i++) {
            List<Finding> findings = checks.get(i).run();
            findings.forEach(f -> out.println(f.line()));
            all.addAll(findings);
            if (i == 0 && findings.stream().anyMatch(f -> !f.ok())) {
                break;
            }
        }
        return new Report(List.copyOf(all));
    }
}
