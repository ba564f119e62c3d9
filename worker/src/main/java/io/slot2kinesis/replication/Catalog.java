package io.slot2kinesis.replication;

import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.TableId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads the user tables of the database from the system catalog. */
public final class Catalog {
    private Catalog() {}

    public static List<CatalogTable> userTables(Connection connection) throws SQLException {
        String sql = "SELECT n.nspname, c.relname, c.relreplident,"
                + " EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary) AS has_pk"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition"
                + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"
                + " ORDER BY 1, 2";
        List<CatalogTable> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                tables.add(new CatalogTable(new TableId(row.getString(1), row.getString(2)), row.getBoolean(4),
                        ReplicaIdentity.fromCode(row.getString(3).charAt(0))));
            }
        }
        return tables;
    }
}
