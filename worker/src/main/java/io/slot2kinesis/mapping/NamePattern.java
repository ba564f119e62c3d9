package io.slot2kinesis.mapping;

/**
 * A schema or table name pattern with DMS's wildcards: {@code %} matches any run of characters (also none),
 * {@code _} exactly one character, {@code [_]} a literal underscore, {@code [ab]} one of a set and
 * {@code [a-d]} one of a range. Matching is case-sensitive, as DMS selection rules are; PostgreSQL folds
 * unquoted names to lower case, so rules should be written in lower case.
 */
public final class NamePattern {
    private final String pattern;
    private final boolean literal;

    private NamePattern(String pattern) {
        this.pattern = pattern;
        this.literal = !hasWildcards(pattern);
    }

    public static NamePattern of(String pattern) {
        return new NamePattern(pattern);
    }

    /** True when the text uses any of {@code % _ [}. */
    public static boolean hasWildcards(String text) {
        return text.indexOf('%') >= 0 || text.indexOf('_') >= 0 || text.indexOf('[') >= 0;
    }

    public String pattern() {
        return pattern;
    }

    public boolean matches(String name) {
        return literal ? pattern.equals(name) : matchFrom(0, name, 0);
    }

    // Backtracks only at '%'; names are short, so this stays cheap.
    private boolean matchFrom(int p, String name, int n) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '%') {
                while (p < pattern.length() && pattern.charAt(p) == '%') {
                    p++;
                }
                if (p == pattern.length()) {
                    return true;
                }
                for (int start = n; start <= name.length(); start++) {
                    if (matchFrom(p, name, start)) {
                        return true;
                    }
                }
                return false;
            }
            if (n >= name.length()) {
                return false;
            }
            char actual = name.charAt(n);
            if (c == '_') {
                p++;
            } else if (c == '[') {
                int close = pattern.indexOf(']', p + 1);
                if (close < 0) {
                    if (actual != '[') {
                        return false;
                    }
                    p++;
                } else {
                    if (!inBracket(pattern, p + 1, close, actual)) {
                        return false;
                    }
                    p = close + 1;
                }
            } else {
                if (c != actual) {
                    return false;
                }
                p++;
            }
            n++;
        }
        return n == name.length();
    }

    private static boolean inBracket(String pattern, int from, int to, char actual) {
        for (int i = from; i < to; i++) {
            char low = pattern.charAt(i);
            if (i + 2 < to && pattern.charAt(i + 1) == '-') {
                if (actual >= low && actual <= pattern.charAt(i + 2)) {
                    return true;
                }
                i += 2;
            } else if (low == actual) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
