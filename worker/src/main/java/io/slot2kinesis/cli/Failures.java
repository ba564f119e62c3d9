package io.slot2kinesis.cli;

import io.slot2kinesis.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns what stopped a command into one clear message and an exit code; stack traces only for the unexpected. */
final class Failures {
    static final int BAD_SETTINGS = 2;
    private static final Logger log = LoggerFactory.getLogger("io.slot2kinesis");

    private Failures() {}

    static int exitCode(Exception e) {
        if (e instanceof ConfigException config) {
            for (String problem : config.problems()) {
                System.err.println("slot2kinesis: " + problem);
            }
            return BAD_SETTINGS;
        }
        if (isExplained(e)) {
            log.error("stopped: {}", e.getMessage());
            return 1;
        }
        log.error("stopped on an unexpected error; the slot was not advanced past unpublished changes", e);
        return 1;
    }

    private static boolean isExplained(Exception e) {
        String name = e.getClass().getPackageName();
        return name.startsWith("io.slot2kinesis") && e.getMessage() != null;
    }
}
