package io.slot2kinesis.check;

/** One line of the {@code check} report. {@code fix} says what to do when the finding is not OK. */
public record Finding(Level level, String subject, String detail, String fix) {
    public enum Level { OK, WARN, FAIL }

    public static Finding ok(String subject, String detail) {
        return new Finding(Level.OK, subject, detail, null);
    }

    public static Finding warn(String subject, String detail, String fix) {
        return new Finding(Level.WARN, subject, detail, fix);
    }

    public static Finding fail(String subject, String detail, String fix) {
        return new Finding(Level.FAIL, subject, detail, fix);
    }

    public String render() {
        String line = String.format("%-4s %-28s %s", level, subject, detail);
        return fix == null ? line : line + System.lineSeparator() + "     fix: " + fix;
    }
}
