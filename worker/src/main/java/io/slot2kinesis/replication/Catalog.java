package io.slot2kinesis.replication;

import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.TableId;
import io.slot2kinesis.change.TypeResolver;
import java.sql.Connection;
import java.sql.PreparedStatement;
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

    /**
     * The base type of a domain (following domains over domains to the first type that is none), or for an array
     * of a domain the array type of that base; null when {@code typeOid} is neither or no longer exists.
     */
    public static TypeResolver.BaseType baseType(Connection connection, int typeOid) throws SQLException {
        Type type = type(connection, typeOid);
        if (type == null) {
            return null;
        }
        if (type.category() == 'A' && type.element() != 0) {
            TypeResolver.BaseType element = baseType(connection, type.element());
            Type array = element == null ? null : type(connection, type(connection, element.oid()).array());
            return array == null ? null : new TypeResolver.BaseType(array.oid(), array.name());
        }
        if (type.kind() != 'd') {
            return null;
        }
        while (type != null && type.kind() == 'd') {
            type = type(connection, type.base());
        }
        return type == null ? null : new TypeResolver.BaseType(type.oid(), type.name());
    }

    private record Type(int oid, String name, char kind, char category, int element, int array, int base) {}

    private static Type type(Connection connection, int oid) throws SQLException {
        if (oid == 0) {
            return null;
        }
        try (PreparedStatement statement = connection.prepareStatement("SELECT typname, typtype, typcategory,"
                + " typelem::int, typarray::int, typbasetype::int FROM pg_type WHERE oid = ?::oid")) {
            statement.setLong(1, Integer.toUnsignedLong(oid));
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? new Type(oid, row.getString(1), row.getString(2).charAt(0),
                        row.getString(3).charAt(0), row.getInt(4), row.getInt(5), row.getInt(6)) : null;
            }
        }
    }
}
