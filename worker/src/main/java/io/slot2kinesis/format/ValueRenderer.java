package io.slot2kinesis.format;

import com.fasterxml.jackson.core.JsonGenerator;
import io.slot2kinesis.change.Column;
import java.io.IOException;
import java.util.List;

/**
 * Writes a column's PostgreSQL text value as JSON, by type. Shared by both formats, which differ only in
 * booleans, bytea, json and arrays:
 *
 * <ul>
 *   <li>int2/int4/int8/oid/xid: JSON numbers (the text is copied, never parsed).
 *   <li>numeric, money: strings with every digit; {@code NaN} and {@code Infinity} too. DMS maps an
 *       unconstrained NUMERIC to NUMERIC(28,6) and rounds; we never do. money loses its currency symbol and
 *       group separators ({@code -$1,234.56} becomes {@code "-1234.56"}); text in another form than the C
 *       locale's (which every worker connection asks for) stays as it is.
 *   <li>float4/float8: numbers; {@code NaN}, {@code Infinity}, {@code -Infinity} as strings (JSON has none).
 *   <li>bool: {@code "true"}/{@code "false"} strings in {@code dms} (DMS's default), JSON booleans in
 *       {@code debezium}.
 *   <li>date, time: as PostgreSQL prints them in ISO style ({@code 2024-01-02}, {@code 03:04:05.5}).
 *       timestamp: {@code 2024-01-02T03:04:05.123456}. timestamptz: converted to UTC,
 *       {@code 2024-01-02T03:04:05.123456Z}. timetz: {@code 03:04:05+02:00}. {@code infinity} and BC
 *       values stay as PostgreSQL printed them.
 *   <li>interval: PostgreSQL's text as is ({@code 1 year 2 mons 3 days 04:05:06}): turning it into an
 *       ISO-8601 duration would depend on the server's IntervalStyle and would invent a month length.
 *   <li>bytea: upper-case hex without prefix in {@code dms} (DMS under the CDK app's {@code NoHexPrefix=true});
 *       {@code 0x}-prefixed (DMS's default) in {@code dms} with rich values; base64 in {@code debezium}
 *       (Debezium's default binary handling).
 *   <li>json, jsonb: the text as PostgreSQL printed it, a string, in {@code dms} (as DMS sends JSON columns) and
 *       in {@code debezium} (as Debezium's {@code io.debezium.data.Json}); embedded as JSON values in
 *       {@code dms} with rich values.
 *   <li>arrays: PostgreSQL's text ({@code {1,2,NULL}}) in {@code dms}, as DMS sends them. In {@code debezium}
 *       and in {@code dms} with rich values, JSON arrays (nested for more dimensions), elements rendered by the
 *       element type; there an array whose lower bound is not 1 ({@code [0:1]={a,b}}) stays PostgreSQL's text,
 *       bounds included: a JSON array cannot say where its subscripts start, and re-numbering from 1 would move
 *       every element. box[] (whose elements contain commas and are separated by {@code ;}) and literals the
 *       parser cannot read stay text.
 *   <li>everything else (text, varchar, char, uuid, enums, inet, ranges, ...): the text as a string.
 * </ul>
 */
public final class ValueRenderer {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final boolean booleansAsStrings;
    private final boolean bytesAsBase64;
    private final boolean hexPrefix;
    private final boolean jsonAsText;
    private final boolean arraysAsText;

    private ValueRenderer(boolean booleansAsStrings, boolean bytesAsBase64, boolean hexPrefix, boolean jsonAsText,
            boolean arraysAsText) {
        this.booleansAsStrings = booleansAsStrings;
        this.bytesAsBase64 = bytesAsBase64;
        this.hexPrefix = hexPrefix;
        this.jsonAsText = jsonAsText;
        this.arraysAsText = arraysAsText;
    }

    /**
     * As DMS renders under the CDK app's endpoint settings: booleans as strings, bytea as hex without {@code 0x}
     * ({@code NoHexPrefix=true}), json/jsonb as their text, arrays as PostgreSQL's text.
     */
    public static ValueRenderer dms() {
        return new ValueRenderer(true, false, false, true, true);
    }

    /**
     * The {@code dms} format's opt-in richer values ({@code S2K_DMS_VALUES=rich}): booleans as strings, bytea as
     * {@code 0x} hex, json/jsonb embedded, arrays as JSON arrays.
     */
    public static ValueRenderer dmsRich() {
        return new ValueRenderer(true, false, true, false, false);
    }

    /** As Debezium renders: JSON booleans, bytea as base64, json/jsonb as strings, arrays as JSON arrays. */
    public static ValueRenderer debezium() {
        return new ValueRenderer(false, true, false, true, false);
    }

    /** Writes a non-null text value of the column. */
    public void write(JsonGenerator out, Column column, String text) throws IOException {
        ValueKind kind = ValueKinds.kind(column);
        if (kind == ValueKind.ARRAY && !arraysAsText) {
            writeArray(out, column, text);
        } else {
            write(out, kind, text);
        }
    }

    private void write(JsonGenerator out, ValueKind kind, String text) throws IOException {
        switch (kind) {
            case INTEGER -> out.writeNumber(text);
            case FLOAT -> {
                if (isFinite(text)) {
                    out.writeNumber(text);
                } else {
                    out.writeString(text);
                }
            }
            case BOOLEAN -> writeBoolean(out, text);
            case TIMESTAMP -> out.writeString(Timestamps.timestamp(text));
            case TIMESTAMPTZ -> out.writeString(Timestamps.timestamptz(text));
            case TIMETZ -> out.writeString(Timestamps.timetz(text));
            case BYTEA -> writeBytes(out, text);
            case JSON -> {
                if (jsonAsText) {
                    out.writeString(text);
                } else {
                    out.writeRawValue(text);
                }
            }
            case MONEY -> {
                String exact = Money.exact(text);
                out.writeString(exact != null ? exact : text);
            }
            case ARRAY -> out.writeString(text);
            case EXACT_NUMBER, DATE, TIME, STRING -> out.writeString(text);
        }
    }

    // An array of an extension type whose text form the parser does not understand is sent as text rather
    // than stopping the stream; every built-in array parses.
    private void writeArray(JsonGenerator out, Column column, String text) throws IOException {
        // array_out writes bounds ("[0:1]=") only when some dimension does not start at 1.
        if (text.startsWith("[")) {
            out.writeString(text);
            return;
        }
        List<Object> elements;
        try {
            elements = ArrayLiteral.parse(text);
        } catch (IllegalArgumentException unparsable) {
            out.writeString(text);
            return;
        }
        writeArray(out, elements, ValueKinds.elementKind(column));
    }

    @SuppressWarnings("unchecked")
    private void writeArray(JsonGenerator out, List<Object> elements, ValueKind elementKind) throws IOException {
        out.writeStartArray();
        for (Object element : elements) {
            if (element == null) {
                out.writeNull();
            } else if (element instanceof List<?> nested) {
                writeArray(out, (List<Object>) nested, elementKind);
            } else {
                write(out, elementKind, (String) element);
            }
        }
        out.writeEndArray();
    }

    private void writeBoolean(JsonGenerator out, String text) throws IOException {
        boolean value = text.equals("t") || text.equals("true");
        if (booleansAsStrings) {
            out.writeString(value ? "true" : "false");
        } else {
            out.writeBoolean(value);
        }
    }

    private void writeBytes(JsonGenerator out, String text) throws IOException {
        if (bytesAsBase64) {
            out.writeBinary(Bytea.decode(text));
            return;
        }
        int prefix = hexPrefix ? 2 : 0;
        char[] hex;
        if (text.startsWith("\\x")) {
            hex = new char[prefix + text.length() - 2];
            for (int i = 2; i < text.length(); i++) {
                hex[prefix + i - 2] = Character.toUpperCase(text.charAt(i));
            }
        } else {
            byte[] bytes = Bytea.decode(text);
            hex = new char[prefix + 2 * bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                hex[prefix + 2 * i] = HEX[(bytes[i] >> 4) & 0xF];
                hex[prefix + 1 + 2 * i] = HEX[bytes[i] & 0xF];
            }
        }
        if (hexPrefix) {
            hex[0] = '0';
            hex[1] = 'x';
        }
        out.writeString(hex, 0, hex.length);
    }

    private static boolean isFinite(String text) {
        char last = text.charAt(text.length() - 1);
        return last != 'N' && last != 'y';
    }
}
