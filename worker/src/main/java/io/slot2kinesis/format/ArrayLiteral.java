package io.slot2kinesis.format;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Parses PostgreSQL's text form of an array ({@code array_out}): {@code {1,2,NULL,"a b","say \"hi\""}},
 * nested for more dimensions ({@code {{1,2},{3,4}}}), optionally preceded by bounds when they do not
 * start at 1 ({@code [0:1]={7,8}}). An element is null only when it is an unquoted {@code NULL}; a quoted
 * {@code "NULL"} is the string. Backslash escapes the next character, in and out of quotes.
 */
public final class ArrayLiteral {
    private final String text;
    private int pos;

    private ArrayLiteral(String text) {
        this.text = text;
    }

    /**
     * The elements: each a {@code String}, {@code null}, or a nested {@code List} for another dimension.
     *
     * @throws IllegalArgumentException with the literal in the message when it is malformed
     */
    public static List<Object> parse(String text) {
        ArrayLiteral parser = new ArrayLiteral(text);
        parser.skipBounds();
        List<Object> elements = parser.array();
        parser.skipSpace();
        if (parser.pos != text.length()) {
            throw parser.malformed("text after the closing brace");
        }
        return elements;
    }

    private void skipBounds() {
        if (!text.isEmpty() && text.charAt(0) == '[') {
            int equals = text.indexOf('=');
            if (equals < 0) {
                throw malformed("bounds without '='");
            }
            pos = equals + 1;
        }
    }

    private List<Object> array() {
        skipSpace();
        expect('{');
        skipSpace();
        if (peek() == '}') {
            pos++;
            return Collections.emptyList();
        }
        List<Object> elements = new ArrayList<>();
        while (true) {
            skipSpace();
            char c = peek();
            if (c == '{') {
                elements.add(array());
            } else if (c == '"') {
                elements.add(quoted());
            } else {
                elements.add(unquoted());
            }
            skipSpace();
            char separator = next();
            if (separator == '}') {
                return elements;
            }
            if (separator != ',') {
                throw malformed("expected ',' or '}' at offset " + (pos - 1));
            }
        }
    }

    private String quoted() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = next();
            if (c == '"') {
                return out.toString();
            }
            out.append(c == '\\' ? next() : c);
        }
    }

    private String unquoted() {
        StringBuilder out = new StringBuilder();
        int lastNonSpace = 0;
        boolean escaped = false;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ',' || c == '}') {
                break;
            }
            pos++;
            if (c == '\\') {
                out.append(next());
                lastNonSpace = out.length();
                escaped = true;
            } else {
                out.append(c);
                if (!Character.isWhitespace(c)) {
                    lastNonSpace = out.length();
                }
            }
        }
        out.setLength(lastNonSpace);
        if (out.isEmpty() && !escaped) {
            throw malformed("empty element at offset " + pos);
        }
        String value = out.toString();
        return !escaped && value.equalsIgnoreCase("NULL") ? null : value;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private char peek() {
        if (pos >= text.length()) {
            throw malformed("unexpected end");
        }
        return text.charAt(pos);
    }

    private char next() {
        char c = peek();
        pos++;
        return c;
    }

    private void expect(char wanted) {
        if (next() != wanted) {
            throw malformed("expected '" + wanted + "' at offset " + (pos - 1));
        }
    }

    private IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("malformed array literal '" + text + "': " + why);
    }
}
