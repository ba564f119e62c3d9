package io.slot2kinesis.format;

import java.io.ByteArrayOutputStream;

/** Decodes bytea's text output: hex ({@code \x48656c6c6f}, the default) or the older escape format. */
final class Bytea {
    private Bytea() {}

    static byte[] decode(String text) {
        if (text.startsWith("\\x")) {
            int length = (text.length() - 2) / 2;
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = (byte) ((digit(text, 2 + 2 * i) << 4) | digit(text, 3 + 2 * i));
            }
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '\\') {
                out.write('\\');
                i++;
            } else if (c == '\\' && i + 3 < text.length()) {
                out.write(Integer.parseInt(text, i + 1, i + 4, 8));
                i += 3;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    private static int digit(String text, int index) {
        int value = Character.digit(text.charAt(index), 16);
        if (value < 0) {
            throw new IllegalArgumentException("bytea value is not valid hex at offset " + index + ": "
                    + text.substring(0, Math.min(text.length(), 40)));
        }
        return value;
    }
}
