package io.slot2kinesis.it.records;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What a consumer does with the records: drop duplicates by position, group by key, order by commit. */
public final class Changes {
    private Changes() {}

    /** Duplicates removed, the first occurrence kept, in arrival order. */
    public static List<ChangeRecord> distinct(List<ChangeRecord> records) {
        Set<String> seen = new HashSet<>();
        List<ChangeRecord> unique = new ArrayList<>();
        for (ChangeRecord record : records) {
            if (seen.add(record.position())) {
                unique.add(record);
            }
        }
        return unique;
    }

    /** Grouped by a function of the record, each group in arrival order. */
    public static <K> Map<K, List<ChangeRecord>> groupedBy(List<ChangeRecord> records,
            Function<ChangeRecord, K> key) {
        Map<K, List<ChangeRecord>> groups = new LinkedHashMap<>();
        for (ChangeRecord record : records) {
            groups.computeIfAbsent(key.apply(record), k -> new ArrayList<>()).add(record);
        }
        return groups;
    }

    /**
     * In commit order: by commit LSN, then position in the transaction (the worker's records; DMS records, which
     * have no commit LSN, keep their arrival order).
     */
    public static List<ChangeRecord> inCommitOrder(List<ChangeRecord> records) {
        if (records.stream().anyMatch(r -> r.commitLsn() == null)) {
            return List.copyOf(records);
        }
        return records.stream().sorted(Comparator.comparingLong((ChangeRecord r) -> r.commitLsn().asLong())
                .thenComparingInt(ChangeRecord::transactionRecordId)
                .thenComparing(r -> "control".equals(r.recordType()) ? 0 : 1)).toList();
    }

    /**
     * Where a key's records, in arrival order with duplicates removed, go back in commit order: one line per such
     * pair. Empty for records without a commit LSN (DMS), whose order only their arrival tells.
     */
    public static List<String> keyOrderViolations(List<ChangeRecord> arrived) {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, List<ChangeRecord>> key : groupedBy(distinct(arrived), ChangeRecord::key).entrySet()) {
            ChangeRecord previous = null;
            for (ChangeRecord record : key.getValue()) {
                if (record.commitLsn() == null) {
                    return List.of();
                }
                if (previous != null && ORDER.compare(previous, record) > 0) {
                    violations.add("key " + key.getKey() + ": " + record.position() + " arrived after "
                            + previous.position());
                }
                previous = record;
            }
        }
        return violations;
    }

    private static final Comparator<ChangeRecord> ORDER = Comparator.comparingLong(
            (ChangeRecord r) -> r.commitLsn().asLong()).thenComparingInt(ChangeRecord::transactionRecordId)
            .thenComparing(r -> "control".equals(r.recordType()) ? 0 : 1);

    /** A short list for messages: one line per record. */
    public static String describe(List<ChangeRecord> records) {
        if (records.isEmpty()) {
            return "(no records)";
        }
        int shown = Math.min(records.size(), 40);
        return records.subList(0, shown).stream().map(r -> "  " + r).collect(Collectors.joining("\n"))
                + (records.size() > shown ? "\n  ... " + (records.size() - shown) + " more" : "");
    }
}
