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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the user tables of the database from the system catalog. */
public final class Catalog {
    /** A table or partitioned table (not a partition) outside the system schemas, {@code pg_temp_N} among them. */
    private static final String USER_TABLE = "c.relkind IN ('r', 'p') AND NOT c.relispartition"
            + " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'";

    private Catalog() {}

    /**
     * The user tables that can be published: permanent ones ({@code relpersistence = 'p'}). Unlogged tables write no
     * WAL, so logical decoding never sees their changes and PostgreSQL refuses to add them to a publication (see
     * {@link #unloggedTables}); temporary ones live in {@code pg_temp_N} schemas and are left out with them.
     */
    public static List<CatalogTable> userTables(Connection connection) throws SQLException {
        String sql = "SELECT n.nspname, c.relname, c.relreplident,"
                + " EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary) AS has_pk,"
                + " c.relkind = 'p' AS partitioned"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE " + USER_TABLE + " AND c.relpersistence = 'p' ORDER BY 1, 2";
        List<CatalogTable> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                tables.add(new CatalogTable(new TableId(row.getString(1), row.getString(2)), row.getBoolean(4),
                        ReplicaIdentity.fromCode(row.getString(3).charAt(0)), row.getBoolean(5)));
            }
        }
        return tables;
    }

    /**
     * The unlogged user tables ({@code CREATE UNLOGGED TABLE}, {@code ALTER TABLE ... SET UNLOGGED}): no tool can
     * capture their changes, as logical decoding reads the WAL, which they do not write, until they are set LOGGED.
     */
    public static List<TableId> unloggedTables(Connection connection) throws SQLException {
        String sql = "SELECT n.nspname, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE " + USER_TABLE + " AND c.relpersistence = 'u' ORDER BY 1, 2";
        List<TableId> tables = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                tables.add(new TableId(row.getString(1), row.getString(2)));
            }
        }
        return tables;
    }

    /**
     * The unlogged partitions of logged partitioned tables, each with the partitioned table at the top of its tree:
     * PostgreSQL publishes the partitioned table, and lets a partition of it be created, attached or set UNLOGGED,
     * whose changes then never reach the publication. Recursing over {@code pg_inherits} works on every version.
     */
    public static Map<TableId, TableId> unloggedPartitions(Connection connection) throws SQLException {
        String sql = "WITH RECURSIVE up (part, rel) AS ("
                + " SELECT c.oid, c.oid FROM pg_class c"
                + " WHERE c.relispartition AND c.relkind IN ('r', 'p') AND c.relpersistence = 'u'"
                + " UNION ALL SELECT up.part, i.inhparent FROM up"
                + " JOIN pg_class c ON c.oid = up.rel AND c.relispartition JOIN pg_inherits i ON i.inhrelid = up.rel)"
                + " SELECT pn.nspname, p.relname, n.nspname, c.relname FROM up"
                + " JOIN pg_class c ON c.oid = up.rel JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_class p ON p.oid = up.part JOIN pg_namespace pn ON pn.oid = p.relnamespace"
                + " WHERE " + USER_TABLE + " AND c.relpersistence = 'p' ORDER BY 1, 2";
        Map<TableId, TableId> partitions = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                partitions.put(new TableId(row.getString(1), row.getString(2)),
                        new TableId(row.getString(3), row.getString(4)));
            }
        }
        return partitions;
    }

    /**
     * The user tables whose owner's privileges the current user does not have (membership with INHERIT, or being a
     * superuser, gives them), with that owner: it may not add them to a publication, which needs ownership.
     */
    public static Map<TableId, String> ownedByOthers(Connection connection) throws SQLException {
        String sql = "SELECT n.nspname, c.relname, pg_get_userbyid(c.relowner)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE " + USER_TABLE + " AND NOT pg_has_role(c.relowner, 'USAGE') ORDER BY 1, 2";
        Map<TableId, String> owners = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                owners.put(new TableId(row.getString(1), row.getString(2)), row.getString(3));
            }
        }
        return owners;
    }

    /**
     * The columns of a relation's row key: the replica identity index under REPLICA IDENTITY USING INDEX, else the
     * primary key, whatever the replica identity (FULL logs every column but the row is still identified by its
     * primary key). Empty when there is neither, or the relation is gone.
     */
    public static Set<String> rowKeyColumns(Connection connection, long relationOid) throws SQLException {
        String sql = "SELECT a.attname FROM pg_class c"
                + " JOIN pg_index i ON i.indrelid = c.oid"
                + " AND CASE WHEN c.relreplident = 'i' THEN i.indisreplident ELSE i.indisprimary END"
                + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY (i.indkey)"
                + " WHERE c.oid = CAST(? AS bigint)::oid ORDER BY array_position(i.indkey::int2[], a.attnum)";
        Set<String> columns = new LinkedHashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, relationOid);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    columns.add(row.getString(1));
                }
            }
        }
        return columns;
    }

    /**
     * The partitioned tables a partition belongs to, its root first, from {@code pg_inherits} (which works on every
     * version, unlike {@code pg_partition_root}, PostgreSQL 12+). Empty for a table that is not a partition, such as
     * one detached since, or a child of plain inheritance.
     */
    public static List<TableId> partitionAncestors(Connection connection, long relationOid) throws SQLException {
        String sql = "WITH RECURSIVE up (rel, depth) AS ("
                + " SELECT CAST(? AS bigint)::oid, 0"
                + " UNION ALL SELECT i.inhparent, up.depth + 1 FROM up"
                + " JOIN pg_class c ON c.oid = up.rel AND c.relispartition"
                + " JOIN pg_inherits i ON i.inhrelid = up.rel)"
                + " SELECT n.nspname, c.relname FROM up JOIN pg_class c ON c.oid = up.rel"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE up.depth > 0 ORDER BY up.depth DESC";
        List<TableId> ancestors = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, relationOid);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    ancestors.add(new TableId(row.getString(1), row.getString(2)));
                }
            }
        }
        return ancestors;
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
