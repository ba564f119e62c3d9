package io.slot2kinesis.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.change.Transaction;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The README's "Consumers" example, compiled and run against both modes' records. */
class ReadmeExampleTest {
    /** The application's own store in the example. */
    static final class Orders {
        final Map<Map<String, JsonNode>, Map<String, JsonNode>> rows = new HashMap<>();

        void upsert(Map<String, JsonNode> key, Map<String, JsonNode> after, Set<String> unchanged) {
            Map<String, JsonNode> row = new HashMap<>(rows.getOrDefault(key, Map.of()));
            row.keySet().retainAll(unchanged);
            row.putAll(after);
            rows.put(key, row);
        }

        void delete(Map<String, JsonNode> key) {
            rows.remove(key);
        }

        void clear() {
            rows.clear();
        }
    }

    @Test
    void theReadmeConsumerReadsBothModesAlike() throws Exception {
        TableSchema orders = WorkerRecords.table("all_types", ReplicaIdentity.DEFAULT, List.of(
                new Column("id", 23, "int4", -1, true), new Column("c_text", 25, "text", -1, false)));
        Transaction tx = WorkerRecords.transaction(1, "0/100", "2026-11-23T10:00:00Z");
        StreamRecord fromWorker = WorkerRecords.dms().change(Operation.INSERT, orders, null,
                Row.of("1", "say \"hi\" \u00e9\u00e8 \u2603 \\ back"), tx, 1);
        StreamRecord fromDms = new StreamRecord("shardId-000000000000", "1", "public.all_types.1",
                ParityTest.fixture("insert"));

        assertThat(run(fromWorker).rows).hasSize(1);
        assertThat(run(fromDms).rows.keySet()).isEqualTo(run(fromWorker).rows.keySet());
    }

    private static Orders run(StreamRecord record) throws Exception {
        Orders orders = new Orders();
        String shardId = record.shardId();
        String sequenceNumber = record.sequenceNumber();
        String partitionKey = record.partitionKey();
        byte[] data = record.data();
        // README: start
        KeyColumns keys = new KeyColumns().declare("public.all_types", "id");
        ChangeFeed feed = new ChangeFeed(new ChangeParser(keys, "before-image"), new DuplicateFilter(), change -> {
            switch (change.operation()) {
                case LOAD, INSERT, UPDATE -> orders.upsert(change.key(), change.after(), change.unchanged());
                case DELETE -> orders.delete(change.key());
                case TRUNCATE -> orders.clear();
                default -> { } // SCHEMA_CHANGE, SKIPPED
            }
        });
        // for each record, in shard order (KCL's processRecords, a Lambda batch, GetRecords):
        feed.accept(new StreamRecord(shardId, sequenceNumber, partitionKey, data));
        // README: end
        return orders;
    }
}
