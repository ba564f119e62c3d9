package io.slot2kinesis.format;

import com.fasterxml.jackson.core.JsonGenerator;
import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a row as a JSON object, one attribute per column named as the column. An unchanged TOASTed value
 * is never written as null: it is either left out (and its name collected) or replaced by a placeholder,
 * depending on the format.
 */
final class RowWriter {
    private final ValueRenderer renderer;
    /** Written for an unchanged TOASTed value; null to leave the column out instead. */
    private final String unchangedPlaceholder;

    RowWriter(ValueRenderer renderer, String unchangedPlaceholder) {
        this.renderer = renderer;
        this.unchangedPlaceholder = unchangedPlaceholder;
    }

    /**
     * @param keyOnly   write only the key columns: for old values under REPLICA IDENTITY DEFAULT or INDEX,
     *                  where PostgreSQL sends the key and nothing is known of the other columns
     * @param unchanged collects the names of left-out unchanged TOASTed columns; may be null when the format
     *                  uses a placeholder
     */
    void write(JsonGenerator out, TableSchema table, Row row, boolean keyOnly, List<String> unchanged)
            throws IOException {
        out.writeStartObject();
        List<Column> columns = table.columns();
        int count = Math.min(columns.size(), row.size());
        for (int i = 0; i < count; i++) {
            Column column = columns.get(i);
            if (keyOnly && !column.key()) {
                continue;
            }
            if (row.isUnchangedToast(i)) {
                if (unchangedPlaceholder != null) {
                    out.writeStringField(column.name(), unchangedPlaceholder);
                } else if (unchanged != null) {
                    unchanged.add(column.name());
                }
                continue;
            }
            out.writeFieldName(column.name());
            String text = row.text(i);
            if (text == null) {
                out.writeNull();
            } else {
                renderer.write(out, column, text);
            }
        }
        out.writeEndObject();
    }

    /** Old values carry every column only under REPLICA IDENTITY FULL. */
    static boolean oldValuesAreKeyOnly(TableSchema table) {
        return table.replicaIdentity() != ReplicaIdentity.FULL;
    }

    static List<String> newNameList() {
        return new ArrayList<>(0);
    }
}
