package io.slot2kinesis.load;

import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.Row;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The SELECT statements that read a table's rows. Every column is read as {@code ::text}, the type's output
 * function, which is what pgoutput sends, so a loaded row renders exactly like the same row in a change.
 */
final class RowQueries {
    private RowQueries() {}

    /** Every row the publications publish, in no particular order. */
    static String all(LoadTable table) {
        String sql = select(table) + " FROM " + qualified(table) + " src";
        return table.rowFilter() == null ? sql : sql + " WHERE (" + table.rowFilter() + ")";
    }

    /**
     * The next chunk in primary key order: rows whose key is above {@code afterKey} (bound as text parameters, cast
     * to the key's types), optionally restricted by an operator's condition, and always by the publications' row
     * filter.
     */
    static String chunk(LoadTable table, boolean hasAfterKey, String where, int rows) {
        StringBuilder sql = new StringBuilder(select(table)).append(" FROM ").append(qualified(table)).append(" src");
        String and = " WHERE ";
        if (hasAfterKey) {
            sql.append(and).append('(').append(keyColumns(table)).append(") > (");
            for (int i = 0; i < table.primaryKey().length; i++) {
                sql.append(i == 0 ? "" : ", ").append("CAST(? AS ").append(table.primaryKeyTypes().get(i)).append(')');
            }
            sql.append(')');
            and = " AND ";
        }
        if (where != null && !where.isBlank()) {
            sql.append(and).append('(').append(where).append(')');
            and = " AND ";
        }
        if (table.rowFilter() != null) {
            sql.append(and).append('(').append(table.rowFilter()).append(')');
        }
        return sql.append(" ORDER BY ").append(keyColumns(table)).append(" LIMIT ").append(rows).toString();
    }

    /** The current row of a result set read by one of these queries. */
    static Row row(ResultSet result, int columns) throws SQLException {
        String[] values = new String[columns];
        for (int i = 0; i < columns; i++) {
            values[i] = result.getString(i + 1);
        }
        return Row.of(values);
    }

    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    static String qualified(LoadTable table) {
        return quote(table.id().schema()) + "." + quote(table.id().name());
    }

    private static String select(LoadTable table) {
        StringBuilder sql = new StringBuilder("SELECT ");
        List<Column> columns = table.schema().columns();
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("src.").append(quote(columns.get(i).name())).append("::text");
        }
        return sql.toString();
    }

    /** Qualified with the alias: a bare name in ORDER BY would sort by the ::text output column of that name. */
    private static String keyColumns(LoadTable table) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < table.primaryKey().length; i++) {
            out.append(i == 0 ? "" : ", ").append("src.")
                    .append(quote(table.schema().columns().get(table.primaryKey()[i]).name()));
        }
        return out.toString();
    }
}
