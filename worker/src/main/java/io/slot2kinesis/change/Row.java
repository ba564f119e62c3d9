package io.slot2kinesis.change;

import java.util.Arrays;

/**
 * The values of one tuple in PostgreSQL's text form, column by column.
 *
 * <p>A value is either SQL NULL, an unchanged TOASTed value that PostgreSQL did not send (pgoutput's
 * {@code u}), or text. The unchanged marker must never be confused with NULL: consumers would overwrite a
 * large value with nothing.
 */
public final class Row {
    /** Stands for an unchanged TOASTed value; compared by identity. */
    private static final String UNCHANGED = new String("\u0000unchanged-toast");

    private final String[] values;

    private Row(String[] values) {
        this.values = values;
    }

    /** Wraps the array without copying; the caller hands it over. Use {@link #unchanged()} for TOAST markers. */
    public static Row of(String... values) {
        return new Row(values);
    }

    /** The marker to place in a value array for an unchanged TOASTed value. */
    public static String unchanged() {
        return UNCHANGED;
    }

    public int size() {
        return values.length;
    }

    public boolean isNull(int column) {
        return values[column] == null;
    }

    @SuppressWarnings("StringEquality")
    public boolean isUnchangedToast(int column) {
        return values[column] == UNCHANGED;
    }

    /** The text value; null for SQL NULL. Must not be called for an unchanged TOASTed value. */
    public String text(int column) {
        String value = values[column];
        if (isUnchangedToast(column)) {
            throw new IllegalStateException("column " + column + " is an unchanged TOASTed value and has no text");
        }
        return value;
    }

    /** Approximate size in bytes, used to bound memory. */
    public long estimatedBytes() {
        long bytes = 16L + 8L * values.length;
        for (String value : values) {
            if (value != null) {
                bytes += value.length();
            }
        }
        return bytes;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Row row && Arrays.equals(values, row.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("Row[");
        for (int i = 0; i < values.length; i++) {
            out.append(i == 0 ? "" : ", ").append(isUnchangedToast(i) ? "<unchanged-toast>" : values[i]);
        }
        return out.append(']').toString();
    }
}
