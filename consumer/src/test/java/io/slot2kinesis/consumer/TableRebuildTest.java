package io.slot2kinesis.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.NullNode;
import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableId;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.change.Transaction;
import java.util.ArrayList;
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

    @Test
    void addsAnAddedColumnAsNullToTheRowsWrittenBeforeIt() throws Exception {
        WorkerRecords worker = WorkerRecords.dms();
        TableSchema withTags = withColumns(DOCS, "id", "title", "body", "tags");
        feed.accept(worker.change(Operation.INSERT, DOCS, null, Row.of("1", "a", "x"), T1, 1));
        feed.accept(worker.relationChanged(DOCS, withTags, T2, 1));
        feed.accept(worker.change(Operation.INSERT, withTags, null, Row.of("2", "b", "y", "t"), T2, 1));

        assertThat(rebuild.row("public.docs", "1")).containsEntry("tags", NullNode.getInstance())
                .containsEntry("title", text("a"));
        assertThat(rebuild.row("public.docs", "2")).containsEntry("tags", text("t"));
    }

    @Test
    void reshapesARowWrittenBeforeTheColumnChangeThatArrivesAfterIt() throws Exception {
        // Each on its own shard: row 1 was written before the ALTER and arrives after it; row 2 was written after
        // it and arrives first.
        WorkerRecords worker = WorkerRecords.dms();
        TableSchema withTags = withColumns(DOCS, "id", "title", "body", "tags");
        StreamRecord old = WorkerRecords.onShard(
                worker.change(Operation.INSERT, DOCS, null, Row.of("1", "a", "x"), T1, 1), "shardId-000000000001");
        StreamRecord alter = WorkerRecords.onShard(worker.relationChanged(DOCS, withTags, T2, 1),
                "shardId-000000000002");
        StreamRecord fresh = worker.change(Operation.INSERT, withTags, null, Row.of("2", "b", "y", "t"), T2, 1);

        feed.accept(fresh);
        feed.accept(alter);
        feed.accept(old);

        assertThat(rebuild.row("public.docs", "1")).containsEntry("tags", NullNode.getInstance());
        assertThat(rebuild.row("public.docs", "2")).containsEntry("tags", text("t"));
    }

    @Test
    void removesADroppedColumn() throws Exception {
        WorkerRecords worker = WorkerRecords.dms();
        feed.accept(worker.change(Operation.INSERT, DOCS, null, Row.of("1", "a", "x"), T1, 1));
        feed.accept(worker.relationChanged(DOCS, withColumns(DOCS, "id", "title"), T2, 1));

        assertThat(rebuild.row("public.docs", "1")).containsOnlyKeys("id", "title");
    }

    @Test
    void keepsTheValuesOfARenamedColumn() throws Exception {
        WorkerRecords worker = WorkerRecords.dms();
        TableSchema renamed = withColumns(DOCS, "id", "heading", "body");
        feed.accept(worker.change(Operation.INSERT, DOCS, null, Row.of("1", "a", "x"), T1, 1));
        feed.accept(worker.relationChanged(DOCS, renamed, T2, 1));

        assertThat(rebuild.row("public.docs", "1")).containsOnlyKeys("id", "heading", "body")
                .containsEntry("heading", text("a")).containsEntry("body", text("x"));
    }

    @Test
    void movesTheRowsOfARenamedTable() throws Exception {
        WorkerRecords worker = WorkerRecords.dms();
        TableSchema papers = new TableSchema(DOCS.oid(), new TableId("public", "papers"), DOCS.replicaIdentity(),
                DOCS.columns());
        StreamRecord old = WorkerRecords.onShard(
                worker.change(Operation.INSERT, DOCS, null, Row.of("2", "b", "y"), T1, 2), "shardId-000000000001");
        feed.accept(worker.change(Operation.INSERT, DOCS, null, Row.of("1", "a", "x"), T1, 1));
        feed.accept(worker.relationChanged(DOCS, papers, T2, 1));
        feed.accept(worker.change(Operation.INSERT, papers, null, Row.of("3", "c", "z"), T2, 1));
        feed.accept(old);

        assertThat(rebuild.rows("public.docs")).isEmpty();
        assertThat(rebuild.rows("public.papers")).containsOnlyKeys(List.of("1"), List.of("2"), List.of("3"));
    }

    @Test
    void leavesTheRowsAloneForASchemaChangeWithoutAColumnList() throws Exception {
        WorkerRecords worker = WorkerRecords.dms();
        feed.accept(worker.change(Operation.INSERT, DOCS, null, Row.of("1", "a", "x"), T1, 1));
        rebuild.handle(new Change(io.slot2kinesis.consumer.Operation.SCHEMA_CHANGE, "add-column", "public", "docs",
                "public.docs", null, null, null, null, Position.of("0/2000", 1), 101L, null));

        assertThat(rebuild.row("public.docs", "1")).containsOnlyKeys("id", "title", "body");
    }

    /** {@code table} with these columns: those it has keep their description, others are text. */
    private static TableSchema withColumns(TableSchema table, String... names) {
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(table.columns().stream().filter(column -> column.name().equals(name)).findFirst()
                    .orElseGet(() -> new Column(name, 25, "text", -1, false)));
        }
        return new TableSchema(table.oid(), table.id(), table.replicaIdentity(), columns);
    }

    private static com.fasterxml.jackson.databind.JsonNode text(String value) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(value);
    }
}
