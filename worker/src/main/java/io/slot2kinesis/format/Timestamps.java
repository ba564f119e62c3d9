package io.slot2kinesis.format;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Turns PostgreSQL's ISO output of dates and times into ISO-8601, by hand because this runs for every
 * temporal column of every record. {@code 2024-01-02 03:04:05.123456+00} becomes
 * {@code 2024-01-02T03:04:05.123456Z}; other offsets are moved to UTC, so every timestamptz ends in
 * {@code Z}. Fractions keep the digits PostgreSQL printed. {@code infinity}, {@code -infinity} and BC dates
 * have no ISO form that consumers agree on and are passed through as PostgreSQL printed them.
 */
final class Timestamps {
    private Timestamps() {}

    /** {@code 2019-10-31T22:53:59.721201Z}: always six fraction digits, as DMS writes its metadata. */
    static String micros(Instant instant) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(27);
        pad(out, t.getYear(), 4).append('-');
        pad(out, t.getMonthValue(), 2).append('-');
        pad(out, t.getDayOfMonth(), 2).append('T');
        pad(out, t.getHour(), 2).append(':');
        pad(out, t.getMinute(), 2).append(':');
        pad(out, t.getSecond(), 2).append('.');
        return pad(out, t.getNano() / 1000, 6).append('Z').toString();
    }

    /** timestamp without time zone: the space becomes {@code T}. */
    static String timestamp(String pg) {
        int space = pg.indexOf(' ');
        if (space < 0 || pg.endsWith(" BC")) {
            return pg;
        }
        return pg.substring(0, space) + 'T' + pg.substring(space + 1);
    }

    /** timestamp with time zone, converted to UTC. */
    static String timestamptz(String pg) {
        int space = pg.indexOf(' ');
        if (space < 0 || pg.endsWith(" BC")) {
            return pg;
        }
        int sign = offsetStart(pg, space + 1);
        if (sign < 0) {
            return timestamp(pg);
        }
        String local = pg.substring(0, space) + 'T' + pg.substring(space + 1, sign);
        int offsetSeconds = offsetSeconds(pg, sign);
        if (offsetSeconds == 0) {
            return local + 'Z';
        }
        int dot = local.indexOf('.', space);
        String fraction = dot < 0 ? "" : local.substring(dot);
        int dash1 = local.indexOf('-', 1);
        LocalDateTime utc = LocalDateTime.of(
                Integer.parseInt(local, 0, dash1, 10),
                Integer.parseInt(local, dash1 + 1, dash1 + 3, 10),
                Integer.parseInt(local, dash1 + 4, dash1 + 6, 10),
                Integer.parseInt(local, space + 1, space + 3, 10),
                Integer.parseInt(local, space + 4, space + 6, 10),
                Integer.parseInt(local, space + 7, space + 9, 10)).minusSeconds(offsetSeconds);
        StringBuilder utcText = new StringBuilder(32);
        pad(utcText, utc.getYear(), 4).append('-');
        pad(utcText, utc.getMonthValue(), 2).append('-');
        pad(utcText, utc.getDayOfMonth(), 2).append('T');
        pad(utcText, utc.getHour(), 2).append(':');
        pad(utcText, utc.getMinute(), 2).append(':');
        pad(utcText, utc.getSecond(), 2);
        return utcText + fraction + 'Z';
    }

    /** time with time zone: {@code 03:04:05+02} becomes {@code 03:04:05+02:00}, {@code +00} becomes {@code Z}. */
    static String timetz(String pg) {
        int sign = offsetStart(pg, 0);
        if (sign < 0) {
            return pg;
        }
        String offset = pg.substring(sign);
        if (offsetSeconds(pg, sign) == 0) {
            return pg.substring(0, sign) + 'Z';
        }
        return pg.substring(0, sign) + (offset.length() == 3 ? offset + ":00" : offset);
    }

    private static int offsetStart(String pg, int from) {
        for (int i = pg.length() - 1; i > from; i--) {
            char c = pg.charAt(i);
            if (c == '+' || c == '-') {
                return i;
            }
        }
        return -1;
    }

    /** Seconds east of UTC from {@code ±hh[:mm[:ss]]}. */
    private static int offsetSeconds(String pg, int sign) {
        int seconds = 3600 * Integer.parseInt(pg, sign + 1, sign + 3, 10);
        if (pg.length() >= sign + 6) {
            seconds += 60 * Integer.parseInt(pg, sign + 4, sign + 6, 10);
        }
        if (pg.length() >= sign + 9) {
            seconds += Integer.parseInt(pg, sign + 7, sign + 9, 10);
        }
        return pg.charAt(sign) == '-' ? -seconds : seconds;
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
