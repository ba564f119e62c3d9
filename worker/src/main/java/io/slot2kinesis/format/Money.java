package io.slot2kinesis.format;

/**
 * Reads PostgreSQL's text of a {@code money} value as an exact number. {@code cash_out} formats by the session's
 * {@code lc_monetary}, so every connection of the worker sets {@code lc_monetary=C} (DatabaseConfig): that gives
 * {@code $1,234.56} and {@code -$1,234.56}, a {@code $} and {@code ,} every locale-independent reader can strip.
 */
final class Money {
    private Money() {}

    /** {@code -1234.56} for {@code -$1,234.56}; null when the text is not in the C locale's form. */
    static String exact(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        if (i < text.length() && text.charAt(i) == '-') {
            out.append('-');
            i++;
        }
        if (i >= text.length() || text.charAt(i) != '$') {
            return null;
        }
        i++;
        boolean digits = false;
        boolean point = false;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                out.append(c);
                digits = true;
            } else if (c == ',' && !point && digits) {
                continue;
            } else if (c == '.' && !point && digits) {
                out.append(c);
                point = true;
            } else {
                return null;
            }
        }
        return digits && out.charAt(out.length() - 1) != '.' ? out.toString() : null;
    }
}
