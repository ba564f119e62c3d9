package io.slot2kinesis.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The same changes, rendered by the worker's format classes and as DMS documents and writes them (hand-written
 * fixtures in {@code src/test/resources/dms}), read into the same changes. The columns in
 * {@link AllTypes#DIFFERENT} differ between the modes; {@link #pinsEveryDifferenceBetweenTheModes} pins each,
 * so a worker change that lines one up fails here until docs/consumers.md and this test are updated.
 */
class ParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Transaction INSERT = WorkerRecords.transaction(7631, "0/16B3748",
            "2026-11-23T10:00:00.120001Z");
    private static final Transaction UPDATE = WorkerRecords.transaction(7632, "0/16B3A00",
            "2026-11-23T10:00:01.000002Z");
    private static final Transaction DELETE = WorkerRecords.transaction(7640, "0/16B4200",
            "2026-11-23T10:00:02.300007Z");
    private static final Transaction LOAD = new Transaction(0,
            org.postgresql.replication.LogSequenceNumber.valueOf("0/16B0000"), Instant.parse("2026-11-23T09:59:58Z"));

    /** A change's content: everything but its position, which each mode takes from a different LSN. */
    private record Content(io.slot2kinesis.consumer.Operation operation, String detail, String table,
            String partitionKey, Map<String, JsonNode> key, Map<String, JsonNode> after, Map<String, JsonNode> before,
            Set<String> unchanged, Long transactionId, Instant commitTime) {

        static Content of(Change change, Set<String> leftOut) {
            return new Content(change.operation(), change.detail(), change.qualifiedTable(), change.partitionKey(),
                    change.key(), without(change.after(), leftOut), without(change.before(), leftOut),
                    change.unchanged(), change.transactionId(), change.commitTime());
        }
    }

    /** Worker and DMS records of: load of row 2, insert of row 1, update of row 1's key to 5, update of row 2, delete of row 5. */
    private static List<StreamRecord> workerRecords() {
        WorkerRecords worker = WorkerRecords.dms();
        worker.change(Operation.LOAD, AllTypes.TABLE, null, AllTypes.keyOnly("2"), LOAD, 1);
        worker.change(Operation.INSERT, AllTypes.TABLE, null, AllTypes.row(AllTypes.first("1")), INSERT, 1);
        worker.change(Operation.UPDATE, AllTypes.TABLE, AllTypes.keyOnly("1"), AllTypes.row(AllTypes.firstUpdated()),
                UPDATE, 1);
        Row two = AllTypes.keyOnly("2");
        String[] values = new String[AllTypes.TABLE.columns().size()];
        values[0] = "2";
        values[2] = "7";
        worker.change(Operation.UPDATE, AllTypes.TABLE, null, Row.of(values), UPDATE, 2);
        worker.change(Operation.DELETE, AllTypes.TABLE, AllTypes.keyOnly("5"), null, DELETE, 1);
        assertThat(two.size()).isEqualTo(values.length);
        return worker.written();
    }

    private static List<StreamRecord> dmsRecords() {
        List<StreamRecord> records = new ArrayList<>();
        long sequence = 50_000_000_000L;
        for (String name : List.of("load", "insert", "update-key", "update-nulls", "delete")) {
            byte[] data = fixture(name);
            String partitionKey = tree(data).path("metadata").path("partition-key-value").asText();
            records.add(new StreamRecord("shardId-000000000000", Long.toString(sequence++), partitionKey, data));
        }
        return records;
    }

    private static ChangeParser parser() {
        return new ChangeParser(new KeyColumns().declare("public.all_types", "id"), "before-image");
    }

    @Test
    void readsTheSameChangesFromTheWorkerAndFromDmsApartFromTheListedColumns() {
        ChangeParser parser = parser();
        List<StreamRecord> worker = workerRecords();
        List<StreamRecord> dms = dmsRecords();
        for (int i = 0; i < worker.size(); i++) {
            Change fromWorker = parser.parse(worker.get(i).data(), worker.get(i).partitionKey());
            Change fromDms = parser.parse(dms.get(i).data(), dms.get(i).partitionKey());
            assertThat(Content.of(fromWorker, AllTypes.DIFFERENT))
                    .as("change %d, worker %s\nDMS %s", i + 1, fromWorker, fromDms)
                    .isEqualTo(Content.of(fromDms, AllTypes.DIFFERENT));
        }
    }

    @Test
    void pinsEveryDifferenceBetweenTheModes() {
        ChangeParser parser = parser();
        Change worker = parser.parse(workerRecords().get(1).data(), null);
        Change dms = parser.parse(fixture("insert"), null);
        Map<String, String> workerValues = new LinkedHashMap<>();
        Map<String, String> dmsValues = new LinkedHashMap<>();
        for (String column : AllTypes.DIFFERENT) {
            workerValues.put(column, worker.after().get(column).toString());
            dmsValues.put(column, dms.after().get(column).toString());
        }
        assertThat(workerValues).containsExactlyInAnyOrderEntriesOf(Map.of("c_numeric", "\"1234.5\""));
        assertThat(dmsValues).containsExactlyInAnyOrderEntriesOf(Map.of("c_numeric", "\"1234.500000\""));
    }

    @Test
    void rendersJsonArraysAndByteaAsDmsDoes() {
        ChangeParser parser = parser();
        Change worker = parser.parse(workerRecords().get(1).data(), null);
        Change dms = parser.parse(fixture("insert"), null);
        for (String column : List.of("c_bytea", "c_json", "c_jsonb", "c_int_array", "c_text_array")) {
            assertThat(worker.after().get(column)).as(column).isEqualTo(dms.after().get(column));
            assertThat(worker.after().get(column).isTextual()).as(column).isTrue();
        }
        assertThat(worker.after().get("c_bytea").asText()).isEqualTo("DEADBEEF00");
        assertThat(worker.after().get("c_int_array").asText()).isEqualTo("{1,2,NULL,-4}");
    }

    @Test
    void takesTheWorkersPositionFromTheCommitLsnAndDmssFromTheStreamPosition() {
        ChangeParser parser = parser();
        List<StreamRecord> worker = workerRecords();
        List<StreamRecord> dms = dmsRecords();

        assertThat(parser.parse(worker.get(1).data(), null).position()).isEqualTo(Position.of("0/16B3748", 1));
        assertThat(parser.parse(dms.get(1).data(), null).position()).isEqualTo(Position.of("0/16B3738", 1));
        assertThat(parser.parse(worker.get(0).data(), null).position()).isEqualTo(Position.of("0/16B0000", 1));
        assertThat(parser.parse(dms.get(0).data(), null).position()).as("a DMS full-load row has none").isNull();
        assertThat(parser.parse(dms.get(3).data(), null).position())
                .as("second change of the transaction").isEqualTo(Position.of("0/16B3980", 2));
    }

    @Test
    void rebuildsTheSameTableFromEitherMode() throws Exception {
        Map<List<String>, Map<String, JsonNode>> fromWorker = rebuild(workerRecords());
        Map<List<String>, Map<String, JsonNode>> fromDms = rebuild(dmsRecords());

        assertThat(fromWorker).containsOnlyKeys(List.of("2"));
        assertThat(fromWorker.get(List.of("2")).get("c_int4").asInt()).isEqualTo(7);
        assertThat(without(fromWorker.get(List.of("2")), AllTypes.DIFFERENT))
                .isEqualTo(without(fromDms.get(List.of("2")), AllTypes.DIFFERENT));
        assertThat(fromDms).containsOnlyKeys(List.of("2"));
    }

    private static Map<List<String>, Map<String, JsonNode>> rebuild(List<StreamRecord> records) throws Exception {
        ChangeParser parser = parser();
        TableRebuild rebuild = new TableRebuild(parser.keys());
        ChangeFeed feed = new ChangeFeed(parser, new DuplicateFilter(), rebuild);
        for (StreamRecord record : records) {
            assertThat(feed.accept(record)).isEqualTo(ChangeFeed.Outcome.HANDLED);
        }
        return rebuild.rows("public.all_types");
    }

    static Map<String, JsonNode> without(Map<String, JsonNode> row, Set<String> columns) {
        if (row == null) {
            return null;
        }
        Map<String, JsonNode> kept = new LinkedHashMap<>(row);
        kept.keySet().removeAll(columns);
        return kept;
    }

    static byte[] fixture(String name) {
        try (InputStream in = ParityTest.class.getResourceAsStream("/dms/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("no fixture dms/" + name + ".json");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode tree(byte[] data) {
        try {
            return JSON.readTree(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
