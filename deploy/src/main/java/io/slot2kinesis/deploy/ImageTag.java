package io.slot2kinesis.deploy;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The worker image's tag: the commit ({@code git rev-parse --short=12 HEAD}), and {@code -dirty-<UTC timestamp>}
 * when the work tree has changes, so a tag names one build (the repository's tags are immutable).
 */
public final class ImageTag {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private ImageTag() {
    }

    public static String of(ProcessRunner runner, Clock clock) {
        String commit = runner.output(List.of("git", "rev-parse", "--short=12", "HEAD"));
        String changes = runner.output(List.of("git", "status", "--porcelain"));
        return changes.isEmpty() ? commit : commit + "-dirty-" + STAMP.format(clock.instant());
    }

    /** Whether the tag names a clean commit (the same commit always builds the same image). */
    public static boolean clean(String tag) {
        return !tag.contains("-dirty-");
    }
}
