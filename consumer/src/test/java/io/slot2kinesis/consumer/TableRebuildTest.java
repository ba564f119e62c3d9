package io.slot2kinesis.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.change.Transaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableRebuildTest {
    private static final TableSchema DOCS = WorkerRecords.table("docs", ReplicaIdentity.DEFAULT, List.of(
            new Column("id", 23, "int4", -1, true), new Column("title", 25, "text", -1, false),
            new Column("body", 25, "text", -1, false)));
    private static final Transaction T1 = WorkerRecords.transaction(100, "0/1000", "2026-11-23T10:00:00Z");
    private static final Transaction T2 = WorkerRecords.transaction(101, "0/2000", "2026-11-23T10:00:01Z");
    private static final Transaction T3 = WorkerRecords.transaction(102, "0/3000", "2026-11-23T10:00:02Z");

    private final KeyColumns keys = new KeyColumns().declare("public.docs", "id");
    private final TableRebuild rebuild = new TableRebuild(keys);
    private final ChangeFeed feed = new ChangeFeed(new ChangeParser(keys, "before-image"), new DuplicateFilter(),
            rebuild);

    @Test
    void keepsTheValueOfAnUnchangedToastColumn() throws Exception {
        WorkerRecords worker = WorkerRecords.debezium();
        feed.accept(worker.change(Operation.INSERT, DOCS, null, Row.of("1", "a", "long body"), T1, 1));
        feed.accept(worker.change(Operation.UPDATE, DOCS, null, Row.of("1", "b", Row.unchanged()), T2, 1));

        assertThat(rebuild.row("public.docs", "1")).containsEntry("title", text("b"))
                .containsEntry("body", text("long body"));
    }

    @Test
    void movesARowWhoseKeyChangedAndRemovesADeletedOne() throws Exception {
        WorkerRecords worker = WorkerRecords.dms();
        feed.accept(worker.change(Operation.INSERT, DOCS, null, Row.of("1", "a", "x"), T1, 1));
        feed.accept(worker.change(Operation.INSERT, DOCS, null, Row.of("2", "b", "y"), T1, 2));
        feed.accept(worker.change(Operation.UPDATE, DOCS, Row.of("1", null, null), Row.of("3", "a", "x"), T2, 1));
        feed.accept(worker.change(Operation.DELETE, DOCS, Row.of("2", null, null), null, T2, 2));

        assertThat(rebuild.rows("public.docs")).containsOnlyKeys(List.of("3"));
    }

    @Test
    void truncateKeepsTheRowsChangedAfterItThatArrivedFirst() throws Exception {
        WorkerRecords worker = WorkerRecords.dms();
        StreamRecord old = worker.change(Operation.INSERT, DOCS, null, Row.of("1", "old", "x"), T1, 1);
        StreamRecord truncate = WorkerRecords.onShard(
                worker.change(Operation.TRUNCATE, DOCS, null, null, T2, 1), "shardId-000000000001");
        StreamRecord fresh = worker.change(Operation.INSERT, DOCS, null, Row.of("2", "new", "y"), T3, 1);

        feed.accept(old);
        feed.accept(fresh);
        feed.accept(truncate);

        assertThat(rebuild.rows("public.docs")).containsOnlyKeys(List.of("2"));
    }

    private static com.fasterxml.jackson.databind.JsonNode text(String value) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(value);
    }
}
