package io.slot2kinesis.load;

import io.slot2kinesis.change.TableId;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The part of a table its publications publish (PostgreSQL 15+): a column list and a row filter per publication.
 * Combined as pgoutput combines them for a table in several publications: the union of the column lists, the
 * filters ORed, and a publication without a list or a filter publishes every column or row.
 *
 * @param columns   the published column names; null for every column
 * @param rowFilter a condition on the table's columns; null for every row
 */
record PublishedSubset(Set<String> columns, String rowFilter) {
    static final PublishedSubset EVERYTHING = new PublishedSubset(null, null);

    boolean publishes(String column) {
        return columns == null || columns.contains(column);
    }

    static PublishedSubset of(Connection connection, TableId table, List<String> publications) throws SQLException {
        if (publications.isEmpty() || connection.getMetaData().getDatabaseMajorVersion() < 15) {
            return EVERYTHING;
        }
        Set<String> columns = new LinkedHashSet<>();
        List<String> filters = new ArrayList<>();
        boolean everyRow = false;
        boolean found = false;
        try (PreparedStatement statement = connection.prepareStatement("SELECT attnames, rowfilter"
                + " FROM pg_publication_tables WHERE pubname = ANY (?) AND schemaname = ? AND tablename = ?")) {
            Array names = connection.createArrayOf("text", publications.toArray());
            statement.setArray(1, names);
            statement.setString(2, table.schema());
            statement.setString(3, table.name());
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    found = true;
                    // attnames lists every column when the publication has no column list.
                    Array attnames = row.getArray(1);
                    if (attnames != null) {
                        for (Object name : (Object[]) attnames.getArray()) {
                            columns.add((String) name);
                        }
                    }
                    String filter = row.getString(2);
                    if (filter == null) {
                        everyRow = true;
                    } else {
                        filters.add("(" + filter + ")");
                    }
                }
            }
        }
        // A table outside the publications (a backfill asked for it anyway) is read whole, as before.
        if (!found) {
            return EVERYTHING;
        }
        return new PublishedSubset(columns.isEmpty() ? null : Set.copyOf(columns),
                everyRow ? null : String.join(" OR ", filters));
    }
}
