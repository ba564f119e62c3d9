package io.slot2kinesis.change;

import java.util.Objects;

/**
 * Recognises an UPDATE that changed the row's key. PostgreSQL then sends the old key ({@code K} tuple, or the whole
 * old row under REPLICA IDENTITY FULL); it also sends a {@code K} tuple when the key did not change but holds a value
 * stored out of line, so the values are compared, not the tuple's presence.
 */
final class KeyChange {
    private KeyChange() {}

    /** True when a key column's old value is known and differs from its new one. */
    static boolean changed(TableSchema table, Row before, Row after) {
        if (before == null || after == null) {
            return false;
        }
        for (int column : table.keyIndexes()) {
            if (before.isUnchangedToast(column) || after.isUnchangedToast(column)) {
                continue;
            }
            if (!Objects.equals(before.text(column), after.text(column))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The new row for the INSERT half, with each unchanged TOASTed value (not sent) taken from the old values when
     * they have it (REPLICA IDENTITY FULL): the insert of a "new" row should carry the whole row where it can.
     */
    static Row withOldValues(Row after, Row before) {
        String[] values = null;
        for (int i = 0; i < after.size(); i++) {
            if (after.isUnchangedToast(i) && i < before.size() && !before.isUnchangedToast(i)
                    && (before.text(i) != null)) {
                if (values == null) {
                    values = new String[after.size()];
                    for (int j = 0; j < values.length; j++) {
                        values[j] = after.isUnchangedToast(j) ? Row.unchanged() : after.text(j);
                    }
                }
                values[i] = before.text(i);
            }
        }
        return values == null ? after : Row.of(values);
    }
}
