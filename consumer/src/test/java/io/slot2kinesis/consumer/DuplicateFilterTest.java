package io.slot2kinesis.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.change.Transaction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicateFilterTest {
    private static final TableSchema ORDERS = WorkerRecords.table("orders", ReplicaIdentity.DEFAULT, List.of(
            new Column("id", 23, "int4", -1, true), new Column("status", 25, "text", -1, false)));
    private static final Transaction T1 = WorkerRecords.transaction(100, "0/1000", "2026-11-23T10:00:00Z");
    private static final Transaction T2 = WorkerRecords.transaction(101, "0/2000", "2026-11-23T10:00:01Z");
    private static final Transaction T3 = WorkerRecords.transaction(102, "0/3000", "2026-11-23T10:00:02Z");

    private final List<Change> handled = new ArrayList<>();
    private final ChangeFeed feed = new ChangeFeed(new ChangeParser(), new DuplicateFilter(), handled::add);

    @Test
    void dropsARecordDeliveredAgainFromItsShard() throws Exception {
        StreamRecord insert = WorkerRecords.dms().change(Operation.INSERT, ORDERS, null, Row.of("1", "new"), T1, 1);

        assertThat(feed.accept(insert)).isEqualTo(ChangeFeed.Outcome.HANDLED);
        assertThat(feed.accept(insert)).isEqualTo(ChangeFeed.Outcome.REDELIVERED);
        assertThat(handled).hasSize(1);
    }

    @Test
    void dropsAChangeTheWorkerReplayedAfterARestartButNotTheNewOnesAfterIt() throws Exception {
        WorkerRecords before = WorkerRecords.dms();
        StreamRecord first = before.change(Operation.INSERT, ORDERS, null, Row.of("1", "new"), T1, 1);
        StreamRecord second = before.change(Operation.UPDATE, ORDERS, null, Row.of("1", "paid"), T2, 1);
        feed.accept(first);
        feed.accept(second);

        WorkerRecords replay = WorkerRecords.dms();
        StreamRecord replayed = reSequenced(replay.change(Operation.UPDATE, ORDERS, null, Row.of("1", "paid"), T2, 1), 9);
        StreamRecord next = reSequenced(replay.change(Operation.UPDATE, ORDERS, null, Row.of("1", "sent"), T3, 1), 10);

        assertThat(feed.accept(replayed)).isEqualTo(ChangeFeed.Outcome.DUPLICATE);
        assertThat(feed.accept(next)).isEqualTo(ChangeFeed.Outcome.HANDLED);
        assertThat(handled).extracting(change -> change.after().get("status").asText())
                .containsExactly("new", "paid", "sent");
    }

    @Test
    void keepsChangesOfOtherKeysThatArriveWithAnOlderPosition() throws Exception {
        WorkerRecords worker = WorkerRecords.dms();
        StreamRecord later = worker.change(Operation.INSERT, ORDERS, null, Row.of("2", "new"), T2, 1);
        StreamRecord earlier = worker.change(Operation.INSERT, ORDERS, null, Row.of("1", "new"), T1, 1);

        assertThat(feed.accept(later)).isEqualTo(ChangeFeed.Outcome.HANDLED);
        assertThat(feed.accept(earlier)).as("another key, held back by a retry").isEqualTo(ChangeFeed.Outcome.HANDLED);
    }

    @Test
    void dropsARowChangeFromBeforeATruncateThatArrivesAfterIt() throws Exception {
        WorkerRecords worker = WorkerRecords.dms();
        StreamRecord insertBefore = worker.change(Operation.INSERT, ORDERS, null, Row.of("1", "new"), T1, 1);
        StreamRecord truncate = WorkerRecords.onShard(
                worker.change(Operation.TRUNCATE, ORDERS, null, null, T2, 1), "shardId-000000000001");
        StreamRecord insertAfter = worker.change(Operation.INSERT, ORDERS, null, Row.of("2", "new"), T3, 1);

        assertThat(feed.accept(insertAfter)).isEqualTo(ChangeFeed.Outcome.HANDLED);
        assertThat(feed.accept(truncate)).isEqualTo(ChangeFeed.Outcome.HANDLED);
        assertThat(feed.accept(reSequenced(insertBefore, 100))).isEqualTo(ChangeFeed.Outcome.BEFORE_TRUNCATE);
    }

    @Test
    void keepsEverySchemaChangeOfATransactionThatAlsoTruncatesAndWritesUnderTheTablesKey() throws Exception {
        // BEGIN; TRUNCATE (#1); ALTER ADD COLUMN; INSERT (#2); ALTER ADD COLUMN; INSERT (#3); COMMIT, on a table
        // whose rows are keyed like its table-level records (no primary key): one key, one order.
        TableSchema bag = WorkerRecords.table("bag", ReplicaIdentity.DEFAULT,
                List.of(new Column("v", 25, "text", -1, false)));
        TableSchema withA = withColumn(bag, "a");
        TableSchema withAB = withColumn(withA, "b");
        WorkerRecords worker = WorkerRecords.dms();
        List<StreamRecord> records = List.of(
                worker.change(Operation.TRUNCATE, bag, null, null, T1, 1),
                worker.relationChanged(bag, withA, T1, 2),
                worker.change(Operation.INSERT, withA, null, Row.of("x", "1"), T1, 2),
                worker.relationChanged(withA, withAB, T1, 3),
                worker.change(Operation.INSERT, withAB, null, Row.of("y", "2", "3"), T1, 3));
        assertThat(records).extracting(StreamRecord::partitionKey).containsOnly("public.bag");

        for (StreamRecord record : records) {
            assertThat(feed.accept(record)).as("%s", record).isEqualTo(ChangeFeed.Outcome.HANDLED);
        }
        assertThat(handled).extracting(change -> change.position().toString())
                .containsExactly("0/1000#1", "0/1000#2-", "0/1000#2", "0/1000#3-", "0/1000#3");
        assertThat(handled).extracting(Change::position).isSorted();
        for (StreamRecord record : records) {
            assertThat(feed.accept(WorkerRecords.onShard(record, "shardId-000000000009")))
                    .as("the same records again, after a restart").isEqualTo(ChangeFeed.Outcome.DUPLICATE);
        }
    }

    private static TableSchema withColumn(TableSchema table, String name) {
        List<Column> columns = new ArrayList<>(table.columns());
        columns.add(new Column(name, 25, "text", -1, false));
        return new TableSchema(table.oid(), table.id(), table.replicaIdentity(), columns);
    }

    @Test
    void seesAChangeWhoseHandlerFailedAsNewWhenItComesAgain() throws Exception {
        StreamRecord insert = WorkerRecords.dms().change(Operation.INSERT, ORDERS, null, Row.of("1", "new"), T1, 1);
        List<Change> seen = new ArrayList<>();
        ChangeFeed failingOnce = new ChangeFeed(new ChangeParser(), new DuplicateFilter(), change -> {
            seen.add(change);
            if (seen.size() == 1) {
                throw new IllegalStateException("database unavailable");
            }
        });

        assertThatThrownBy(() -> failingOnce.accept(insert)).hasMessage("database unavailable");
        assertThat(failingOnce.accept(insert)).isEqualTo(ChangeFeed.Outcome.HANDLED);
        assertThat(seen).hasSize(2);
    }

    @Test
    void forgetsTheLeastRecentlySeenKeysBeyondItsBound() {
        DuplicateFilter filter = new DuplicateFilter(2);
        ChangeParser parser = new ChangeParser();
        WorkerRecords worker = WorkerRecords.dms();
        List<StreamRecord> records = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            records.add(worker.change(Operation.INSERT, ORDERS, null, Row.of(Integer.toString(id), "new"), T1, id));
        }
        for (StreamRecord record : records) {
            filter.accepted(record, parser.parse(record.data(), record.partitionKey()));
        }

        assertThat(filter.keysTracked()).isEqualTo(2);
        StreamRecord first = reSequenced(records.get(0), 1_000);
        StreamRecord third = reSequenced(records.get(2), 1_001);
        assertThat(filter.check(first, parser.parse(first.data(), first.partitionKey())))
                .as("evicted: a duplicate passes").isEqualTo(DuplicateFilter.Verdict.NEW);
        assertThat(filter.check(third, parser.parse(third.data(), third.partitionKey())))
                .isEqualTo(DuplicateFilter.Verdict.DUPLICATE);
    }

    @Test
    void refusesABoundBelowOne() {
        assertThatThrownBy(() -> new DuplicateFilter(0)).hasMessage("maxKeys 0 must be at least 1");
    }

    /** The same data put again: a new record with a later sequence number. */
    private static StreamRecord reSequenced(StreamRecord record, long offset) {
        return new StreamRecord(record.shardId(), Long.toString(Long.parseLong(record.sequenceNumber()) + offset),
                record.partitionKey(), record.data());
    }
}
