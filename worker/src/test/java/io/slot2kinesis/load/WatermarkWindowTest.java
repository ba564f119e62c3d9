package io.slot2kinesis.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.change.ChangeEvent;
import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableId;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.change.Transaction;
import io.slot2kinesis.pgoutput.PgOutputMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.postgresql.replication.LogSequenceNumber;

class WatermarkWindowTest {
    private static final TableSchema ITEMS = new TableSchema(16384, new TableId("public", "items"),
            ReplicaIdentity.DEFAULT, List.of(new Column("id", 23, "int4", -1, true),
                    new Column("v", 25, "text", -1, false)));
    private static final LoadTable TABLE = new LoadTable(ITEMS, new int[] {0}, List.of("integer"), null);
    private static final TableSchema OTHER = new TableSchema(16385, new TableId("public", "other"),
            ReplicaIdentity.DEFAULT, ITEMS.columns());
    private static final Transaction LOW_TX = transaction(100);
    private static final Transaction HIGH_TX = transaction(300);
    private static final List<Row> CHUNK = List.of(Row.of("1", "a"), Row.of("2", "b"), Row.of("3", "c"));

    private final WatermarkWindow window = new WatermarkWindow();

    private static Transaction transaction(long lsn) {
        return new Transaction(lsn, LogSequenceNumber.valueOf(lsn), Instant.parse("2026-11-24T08:00:00Z"));
    }

    private static PgOutputMessage.LogicalMessage watermark(String content, long lsn) {
        return new PgOutputMessage.LogicalMessage(true, LogSequenceNumber.valueOf(lsn), WatermarkWindow.PREFIX,
                content.getBytes(StandardCharsets.UTF_8));
    }

    private static ChangeEvent update(TableSchema table, String id) {
        return new ChangeEvent(Operation.UPDATE, table, null, Row.of(id, "new"), transaction(200), 1,
                LogSequenceNumber.valueOf(199));
    }

    private List<String> publishedKeys(List<ChangeEvent> records) {
        return records.stream().map(record -> record.after().text(0)).toList();
    }

    @Test
    void aRowWhoseKeyChangedBetweenTheWatermarksIsDroppedAndTheOthersArePublishedAsLoadRecords() {
        CompletableFuture<ChunkOutcome> outcome = window.expect("c1", TABLE);
        window.message(watermark("low:c1", 100), LOW_TX);
        window.change(update(ITEMS, "2"));
        window.read("c1", CHUNK);

        List<ChangeEvent> records = window.message(watermark("high:c1", 300), HIGH_TX);

        assertThat(publishedKeys(records)).containsExactly("1", "3");
        assertThat(records).allMatch(record -> record.operation() == Operation.LOAD);
        assertThat(records).extracting(ChangeEvent::position).containsExactly(1L, 2L);
        assertThat(records).allMatch(record -> record.transaction() == HIGH_TX);
        assertThat(outcome).isCompletedWithValue(new ChunkOutcome(HIGH_TX.commitLsn(), 2, null));
    }

    @Test
    void aChangeBeforeTheLowWatermarkOrAfterTheHighWatermarkDoesNotDropItsRow() {
        window.expect("c1", TABLE);
        window.change(update(ITEMS, "1"));
        window.message(watermark("low:c1", 100), LOW_TX);
        window.read("c1", CHUNK);
        List<ChangeEvent> records = window.message(watermark("high:c1", 300), HIGH_TX);
        window.change(update(ITEMS, "3"));

        assertThat(publishedKeys(records)).containsExactly("1", "2", "3");
    }

    @Test
    void changesOfOtherTablesAndWatermarksOfOtherChunksAreIgnored() {
        window.expect("c2", TABLE);
        window.message(watermark("low:c2", 100), LOW_TX);
        window.change(update(OTHER, "1"));
        assertThat(window.message(watermark("high:c1", 150), transaction(150))).isEmpty();
        window.read("c2", CHUNK);

        assertThat(publishedKeys(window.message(watermark("high:c2", 300), HIGH_TX))).containsExactly("1", "2", "3");
    }

    @Test
    void aDeleteBetweenTheWatermarksDropsItsRowByItsOldKey() {
        window.expect("c1", TABLE);
        window.message(watermark("low:c1", 100), LOW_TX);
        window.change(new ChangeEvent(Operation.DELETE, ITEMS, Row.of("3", null), null, transaction(200), 1,
                LogSequenceNumber.valueOf(199)));
        window.read("c1", CHUNK);

        assertThat(publishedKeys(window.message(watermark("high:c1", 300), HIGH_TX))).containsExactly("1", "2");
    }

    @Test
    void aTruncateBetweenTheWatermarksDiscardsTheWholeChunk() {
        CompletableFuture<ChunkOutcome> outcome = window.expect("c1", TABLE);
        window.message(watermark("low:c1", 100), LOW_TX);
        window.change(new ChangeEvent(Operation.TRUNCATE, ITEMS, null, null, transaction(200), 1,
                LogSequenceNumber.valueOf(199)));
        window.read("c1", CHUNK);

        assertThat(window.message(watermark("high:c1", 300), HIGH_TX)).isEmpty();
        assertThat(outcome.join().discardReason()).contains("truncate");
    }

    @Test
    void moreChangedKeysThanTheCapDiscardTheChunkInsteadOfGrowingTheSet() {
        WatermarkWindow capped = new WatermarkWindow(3);
        CompletableFuture<ChunkOutcome> outcome = capped.expect("c1", TABLE);
        capped.message(watermark("low:c1", 100), LOW_TX);
        for (int id = 10; id < 14; id++) {
            capped.change(update(ITEMS, Integer.toString(id)));
        }
        capped.read("c1", CHUNK);

        assertThat(capped.message(watermark("high:c1", 300), HIGH_TX)).isEmpty();
        assertThat(outcome.join().discarded()).isTrue();
        assertThat(outcome.join().discardReason()).isEqualTo("more than 3 keys of the table changed between its "
                + "watermarks");
    }

    @Test
    void exactlyTheCapOfChangedKeysStillPublishesTheChunk() {
        WatermarkWindow capped = new WatermarkWindow(3);
        capped.expect("c1", TABLE);
        capped.message(watermark("low:c1", 100), LOW_TX);
        for (String id : List.of("1", "10", "11", "1")) {
            capped.change(update(ITEMS, id));
        }
        capped.read("c1", CHUNK);

        assertThat(publishedKeys(capped.message(watermark("high:c1", 300), HIGH_TX))).containsExactly("2", "3");
    }

    @Test
    void anAbandonedChunkPublishesNothingAtItsHighWatermark() {
        CompletableFuture<ChunkOutcome> outcome = window.expect("c1", TABLE);
        window.message(watermark("low:c1", 100), LOW_TX);
        window.read("c1", CHUNK);
        window.abandon("c1");

        assertThat(window.message(watermark("high:c1", 300), HIGH_TX)).isEmpty();
        assertThat(outcome).isCancelled();
    }

    @Test
    void theDefaultCapIsOneHundredThousandKeys() {
        assertThat(WatermarkWindow.MAX_CHANGED_KEYS).isEqualTo(100_000);
    }
}
