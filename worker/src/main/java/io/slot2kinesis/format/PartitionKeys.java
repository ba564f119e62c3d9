package io.slot2kinesis.format;

import io.slot2kinesis.change.ChangeEvent;
import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.change.Transaction;
import io.slot2kinesis.mapping.PartitionKeyPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Builds partition keys as DMS does with {@code PartitionIncludeSchemaTable} on, per the table's policy:
 *
 * <ul>
 *   <li>primary-key: {@code schema.table.pk1[.pk2...]}, key values in PostgreSQL's text form, from the new
 *       row (the old one for a delete). A table without key columns, a TRUNCATE and a control record fall
 *       back to {@code schema.table}: they have no row key, and one key per table keeps them in order.
 *   <li>schema-table: {@code schema.table}; transaction-id: the xid; constant: the configured value.
 *   <li>attribute-name: the named column's value, or {@code schema.table} when the row has none.
 * </ul>
 *
 * A key over Kinesis's 256-character limit is never rejected: it keeps a readable 191-character prefix,
 * then {@code #} and the SHA-256 of the whole key in hex, 256 characters in all and the same every time.
 */
public final class PartitionKeys {
    public static final int MAX_LENGTH = 256;
    private static final int HASH_HEX_LENGTH = 64;
    private static final int PREFIX_LENGTH = MAX_LENGTH - HASH_HEX_LENGTH - 1;

    private PartitionKeys() {}

    public static String forChange(ChangeEvent change, PartitionKeyPolicy policy) {
        TableSchema table = change.table();
        Row row = change.after() != null ? change.after() : change.before();
        String key = switch (policy.type()) {
            case PRIMARY_KEY -> row == null || !table.hasKey() ? table.id().qualified() : primaryKey(change, row);
            case ATTRIBUTE_NAME -> attribute(table, row, policy.argument());
            default -> forTable(table, policy, change.transaction());
        };
        return limit(key);
    }

    /** The key of a record that concerns a whole table: truncate and control records. */
    public static String forTable(TableSchema table, PartitionKeyPolicy policy, Transaction transaction) {
        return limit(switch (policy.type()) {
            case CONSTANT -> policy.argument();
            case TRANSACTION_ID -> transaction == null ? table.id().qualified() : Long.toString(transaction.xid());
            default -> table.id().qualified();
        });
    }

    /** The key itself when it fits, else a deterministic prefix + {@code #} + SHA-256 hex of 256 characters. */
    public static String limit(String key) {
        if (key.length() <= MAX_LENGTH) {
            return key;
        }
        int cut = PREFIX_LENGTH;
        if (Character.isHighSurrogate(key.charAt(cut - 1))) {
            cut--;
        }
        return key.substring(0, cut) + '#' + sha256Hex(key);
    }

    private static String primaryKey(ChangeEvent change, Row row) {
        TableSchema table = change.table();
        StringBuilder key = new StringBuilder(64).append(table.id().schema()).append('.').append(table.id().name());
        int columns = table.columns().size();
        for (int i = 0; i < columns; i++) {
            if (table.columns().get(i).key()) {
                key.append('.').append(keyValue(change, row, i));
            }
        }
        return key.toString();
    }

    // A TOASTed key value that did not change is not in the new row; the old row may have it.
    private static String keyValue(ChangeEvent change, Row row, int column) {
        if (column < row.size() && !row.isUnchangedToast(column)) {
            String text = row.text(column);
            return text == null ? "" : text;
        }
        Row before = change.before();
        if (before != null && before != row && column < before.size() && !before.isUnchangedToast(column)) {
            String text = before.text(column);
            return text == null ? "" : text;
        }
        return "";
    }

    private static String attribute(TableSchema table, Row row, String columnName) {
        if (row != null) {
            for (int i = 0; i < table.columns().size() && i < row.size(); i++) {
                Column column = table.columns().get(i);
                if (column.name().equals(columnName) && !row.isUnchangedToast(i) && row.text(i) != null) {
                    String value = row.text(i);
                    if (!value.isEmpty()) {
                        return value;
                    }
                }
            }
        }
        return table.id().qualified();
    }

    private static String sha256Hex(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
