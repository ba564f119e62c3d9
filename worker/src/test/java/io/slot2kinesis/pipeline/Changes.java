package io.slot2kinesis.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What a consumer does with DMS-format records: drop duplicates by position, group by partition key. */
final class Changes {
    private Changes() {}

    /** A control record shares its number with the change it precedes: its operation and table tell it apart. */
    static String position(JsonNode record) {
        JsonNode metadata = record.path("metadata");
        String pair = metadata.path("commit-lsn").asText() + "#" + metadata.path("transaction-record-id").asText();
        return isControl(record) ? pair + "#" + metadata.path("operation").asText() + ":"
                + metadata.path("table-name").asText() : pair;
    }

    private static boolean isControl(JsonNode record) {
        return record.path("metadata").path("record-type").asText().equals("control");
    }

    /** The records with duplicates removed, first occurrence kept, in arrival order. */
    static List<JsonNode> distinct(List<JsonNode> records) {
        Set<String> seen = new HashSet<>();
        List<JsonNode> unique = new ArrayList<>();
        for (JsonNode record : records) {
            if (seen.add(position(record))) {
                unique.add(record);
            }
        }
        return unique;
    }

    /**
     * The records sorted by their position (commit LSN, then record number): the order PostgreSQL committed them in.
     * Arrival order holds only per partition key, so a test comparing records of several keys sorts them first.
     */
    static List<JsonNode> inCommitOrder(List<JsonNode> records) {
        return records.stream().sorted(java.util.Comparator
                .comparingLong((JsonNode r) -> org.postgresql.replication.LogSequenceNumber
                        .valueOf(r.path("metadata").path("commit-lsn").asText()).asLong())
                .thenComparingLong(r -> r.path("metadata").path("transaction-record-id").asLong())
                .thenComparing(r -> isControl(r) ? 0 : 1))
                .toList();
    }

    static Map<String, List<JsonNode>> byKey(List<JsonNode> records) {
        Map<String, List<JsonNode>> byKey = new LinkedHashMap<>();
        for (JsonNode record : records) {
            byKey.computeIfAbsent(record.path("metadata").path("partition-key-value").asText(), k -> new ArrayList<>())
                    .add(record);
        }
        return byKey;
    }
}
