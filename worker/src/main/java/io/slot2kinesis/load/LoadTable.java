package io.slot2kinesis.load;

import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableId;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.pgoutput.PgTypes;
import io.slot2kinesis.replication.Catalog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table to read rows from, described as the stream describes it (the same columns, type names and row key, so load
 * records get the same partition keys as the table's changes), plus its primary key.
 *
 * @param schema         the columns pgoutput publishes (generated columns and columns outside the publications'
 *                       column lists excluded), key flags on the row key (the replica identity index under USING
 *                       INDEX, else the primary key), domains resolved to their base type
 * @param primaryKey     indexes into the columns of the primary key, in key order; empty when there is none, or
 *                       when a column list leaves out part of it
 * @param primaryKeyTypes the SQL type of each primary key column ({@code format_type}), for casting resume keys
 * @param rowFilter      the rows the publications publish ({@code pg_publication_tables.rowfilter}, several ORed
 *                       as PostgreSQL does), a condition on the table's columns; null for every row
 */
public record LoadTable(TableSchema schema, int[] primaryKey, List<String> primaryKeyTypes, String rowFilter) {

    public TableId id() {
        return schema.id();
    }

    public boolean hasPrimaryKey() {
        return primaryKey.length > 0;
    }

    /** Why a table without a primary key cannot be backfilled, and what to do. */
    static String noPrimaryKeyToBackfill(TableId table) {
        return "table " + table.qualified() + " has no primary key, so it cannot be backfilled: a backfill reads it "
                + "in primary key chunks while it streams (REPLICA IDENTITY FULL is not enough, the chunks need a key "
                + "to order and resume by); add a primary key and request the backfill again. The initial load "
                + "(S2K_INITIAL_LOAD=on-create, reading the whole table under the new slot's snapshot) can still read it";
    }

    /** Why a table whose publications leave part of its primary key out cannot be backfilled, and what to do. */
    static String keyOutsideColumnList(TableId table) {
        return "the worker's publications publish table " + table.qualified() + " with a column list that leaves out "
                + "part of its primary key, so it cannot be backfilled: a backfill reads and resumes in primary key "
                + "order and publishes only what the stream publishes; add the key columns to the column list (ALTER "
                + "PUBLICATION ... SET TABLE " + table.qualified() + " (...)) and request the backfill again";
    }

    /** The primary key values of a row, as text; null when the row does not carry all of them. */
    public List<String> keyOf(Row row) {
        if (row == null) {
            return null;
        }
        List<String> key = new ArrayList<>(primaryKey.length);
        for (int column : primaryKey) {
            if (column >= row.size() || row.isUnchangedToast(column)) {
                return null;
            }
            key.add(row.text(column));
        }
        return key;
    }

    /** Reads the table's description from the catalog, every column and row; fails naming a missing table. */
    public static LoadTable describe(Connection connection, TableId table) throws SQLException {
        return describe(connection, table, PublishedSubset.EVERYTHING);
    }

    /**
     * Reads the table's description as {@code publications} publish it: their column lists and row filters
     * (PostgreSQL 15+) apply, so a load publishes exactly what the stream would.
     */
    public static LoadTable describe(Connection connection, TableId table, List<String> publications)
            throws SQLException {
        return describe(connection, table, PublishedSubset.of(connection, table, publications));
    }

    private static LoadTable describe(Connection connection, TableId table, PublishedSubset published)
            throws SQLException {
        String sql = "SELECT c.oid, c.relreplident, a.attname, a.atttypid, t.typname, a.atttypmod,"
                + " COALESCE(a.attnum = ANY (ident.indkey), false) AS row_key,"
                + " array_position(pk.indkey::int2[], a.attnum) AS pk_position"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped"
                + " AND a.attgenerated = ''"
                + " JOIN pg_type t ON t.oid = a.atttypid"
                + " LEFT JOIN pg_index pk ON pk.indrelid = c.oid AND pk.indisprimary"
                + " LEFT JOIN pg_index ident ON ident.indrelid = c.oid"
                // The row key as the stream's records have it (Catalog.rowKeyColumns): never every column under FULL.
                + " AND CASE WHEN c.relreplident = 'i' THEN ident.indisreplident ELSE ident.indisprimary END"
                + " WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p')"
                + " ORDER BY a.attnum";
        long oid = 0;
        ReplicaIdentity identity = ReplicaIdentity.DEFAULT;
        List<Column> columns = new ArrayList<>();
        List<int[]> keyPositions = new ArrayList<>();
        boolean leftOutOfKey = false;
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table.schema());
            statement.setString(2, table.name());
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    oid = row.getLong(1);
                    identity = ReplicaIdentity.fromCode(row.getString(2).charAt(0));
                    int pkPosition = row.getInt(8);
                    boolean inPrimaryKey = !row.wasNull();
                    if (!published.publishes(row.getString(3))) {
                        leftOutOfKey |= inPrimaryKey;
                        continue;
                    }
                    int typeOid = row.getInt(4);
                    String typeName = PgTypes.name(typeOid);
                    columns.add(new Column(row.getString(3), typeOid, typeName != null ? typeName : row.getString(5),
                            row.getInt(6), row.getBoolean(7)));
                    if (inPrimaryKey) {
                        keyPositions.add(new int[] {pkPosition, columns.size() - 1});
                    }
                }
            }
        }
        for (int i = 0; i < columns.size(); i++) {
            if (PgTypes.name(columns.get(i).typeOid()) == null) {
                columns.set(i, columns.get(i).renderedAs(Catalog.baseType(connection, columns.get(i).typeOid())));
            }
        }
        if (leftOutOfKey) {
            keyPositions.clear();
        }
        if (columns.isEmpty()) {
            throw new LoadException("table " + table.qualified() + " does not exist (or has no columns, or the user "
                    + "cannot see it): check the name (schema.table, case-sensitive) and grant SELECT on it");
        }
        keyPositions.sort((a, b) -> Integer.compare(a[0], b[0]));
        int[] primaryKey = keyPositions.stream().mapToInt(p -> p[1]).toArray();
        List<String> types = new ArrayList<>();
        for (int column : primaryKey) {
            types.add(formatType(connection, columns.get(column)));
        }
        return new LoadTable(new TableSchema(oid, table, identity, columns), primaryKey, List.copyOf(types),
                published.rowFilter());
    }

    private static String formatType(Connection connection, Column column) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT format_type(?, ?)")) {
            statement.setInt(1, column.typeOid());
            statement.setInt(2, column.typeModifier());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }
}
