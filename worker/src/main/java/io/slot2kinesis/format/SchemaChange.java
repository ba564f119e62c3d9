package io.slot2kinesis.format;

import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.TableSchema;
import java.util.List;
import java.util.Optional;

/** Names the difference between two descriptions of a table with DMS's control-record operations. */
final class SchemaChange {
    private SchemaChange() {}

    /**
     * {@code rename-table}, {@code add-column}, {@code drop-column}, {@code rename-column},
     * {@code column-type-change} for a single kind of change, {@code change-columns} for anything else;
     * empty when names and types are the same (a Relation message re-sent after a reconnect, or a change of
     * replica identity only).
     */
    static Optional<String> operation(TableSchema previous, TableSchema current) {
        if (!previous.id().equals(current.id())) {
            return Optional.of("rename-table");
        }
        List<Column> before = previous.columns();
        List<Column> after = current.columns();
        if (before.size() == after.size()) {
            boolean names = true;
            boolean types = true;
            for (int i = 0; i < before.size(); i++) {
                names &= before.get(i).name().equals(after.get(i).name());
                types &= sameType(before.get(i), after.get(i));
            }
            if (names && types) {
                return Optional.empty();
            }
            return Optional.of(names ? "column-type-change" : types ? "rename-column" : "change-columns");
        }
        if (after.size() > before.size() && isSubsequence(before, after)) {
            return Optional.of("add-column");
        }
        if (after.size() < before.size() && isSubsequence(after, before)) {
            return Optional.of("drop-column");
        }
        return Optional.of("change-columns");
    }

    private static boolean isSubsequence(List<Column> shorter, List<Column> longer) {
        int j = 0;
        for (int i = 0; i < longer.size() && j < shorter.size(); i++) {
            Column a = shorter.get(j);
            Column b = longer.get(i);
            if (a.name().equals(b.name()) && sameType(a, b)) {
                j++;
            }
        }
        return j == shorter.size();
    }

    private static boolean sameType(Column a, Column b) {
        return a.typeOid() == b.typeOid() && a.typeModifier() == b.typeModifier();
    }
}
