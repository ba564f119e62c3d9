package io.slot2kinesis.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.change.Transaction;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeParserTest {
    private static final TableSchema DOCS = WorkerRecords.table("docs", ReplicaIdentity.DEFAULT, List.of(
            new Column("id", 23, "int4", -1, true), new Column("title", 25, "text", -1, false),
            new Column("body", 25, "text", -1, false)));
    private static final TableSchema DOCS_WITH_TAGS = WorkerRecords.table("docs", ReplicaIdentity.DEFAULT, List.of(
            new Column("id", 23, "int4", -1, true), new Column("title", 25, "text", -1, false),
            new Column("body", 25, "text", -1, false), new Column("tags", 25, "text", -1, false)));
    private static final Transaction TX = WorkerRecords.transaction(7631, "0/16B3748", "2026-11-23T10:00:00.120001Z");

    @Test
    void namesTheUnchangedToastColumnsOfBothWorkerFormatsAndLeavesThemOutOfTheRow() {
        Row before = null;
        Row after = Row.of("7", "new title", Row.unchanged());
        ChangeParser parser = new ChangeParser(new KeyColumns().declare("public.docs", "id"), "before-image");

        StreamRecord dmsRecord = WorkerRecords.dms().change(Operation.UPDATE, DOCS, before, after, TX, 3);
        StreamRecord debeziumRecord = WorkerRecords.debezium().change(Operation.UPDATE, DOCS, before, after, TX, 3);
        Change dms = parser.parse(dmsRecord.data(), null);
        Change debezium = parser.parse(debeziumRecord.data(), debeziumRecord.partitionKey());

        for (Change change : List.of(dms, debezium)) {
            assertThat(change.operation()).isEqualTo(io.slot2kinesis.consumer.Operation.UPDATE);
            assertThat(change.unchanged()).containsExactly("body");
            assertThat(change.after()).containsOnlyKeys("id", "title");
            assertThat(change.key()).containsOnlyKeys("id");
            assertThat(change.position()).isEqualTo(Position.of("0/16B3748", 3));
            assertThat(change.transactionId()).isEqualTo(7631L);
            assertThat(change.partitionKey()).isEqualTo("public.docs.7");
        }
    }

    @Test
    void readsTheWorkersTruncateAsATableLevelChangeInBothFormats() {
        ChangeParser parser = new ChangeParser();
        for (WorkerRecords worker : List.of(WorkerRecords.dms(), WorkerRecords.debezium())) {
            StreamRecord record = worker.change(Operation.TRUNCATE, DOCS, null, null, TX, 2);
            Change change = parser.parse(record.data(), record.partitionKey());
            assertThat(change.operation()).isEqualTo(io.slot2kinesis.consumer.Operation.TRUNCATE);
            assertThat(change.qualifiedTable()).isEqualTo("public.docs");
            assertThat(change.partitionKey()).isEqualTo("public.docs");
            assertThat(change.position()).isEqualTo(Position.of("0/16B3748", 2));
            assertThat(change.after()).isNull();
        }
    }

    @Test
    void learnsTheKeyFromTheWorkersColumnChangeAndFromDmssCreateTable() {
        ChangeParser parser = new ChangeParser();
        Change columns = parser.parse(WorkerRecords.dms().relationChanged(DOCS, DOCS_WITH_TAGS, TX).data(), null);
        assertThat(columns.operation()).isEqualTo(io.slot2kinesis.consumer.Operation.SCHEMA_CHANGE);
        assertThat(columns.detail()).isEqualTo("add-column");
        assertThat(columns.columns()).containsExactly("id", "title", "body", "tags");
        assertThat(columns.previousTable()).isNull();
        assertThat(parser.keys().of("public.docs")).containsExactly("id");

        parser.parse(ParityTest.fixture("create-table"), null);
        assertThat(parser.keys().of("public.all_types")).containsExactly("id");
        Change delete = parser.parse(ParityTest.fixture("delete"), null);
        assertThat(delete.key()).containsOnlyKeys("id");
        assertThat(delete.before()).as("the nulls DMS fills in are not old values").containsOnlyKeys("id");
    }

    @Test
    void takesAnEmptyDmsBeforeImageAsNone() {
        Change update = new ChangeParser().parse(ParityTest.fixture("update-nulls"), null);
        assertThat(update.before()).isNull();
        assertThat(update.key()).as("key not declared nor learned").isEmpty();
    }

    @Test
    void explainsWhatIsWrongWithARecordItCannotRead() {
        ChangeParser parser = new ChangeParser();
        assertThatThrownBy(() -> parser.parse("not json", null))
                .isInstanceOf(UnreadableRecordException.class).hasMessageStartingWith("record is not JSON");
        assertThatThrownBy(() -> parser.parse("{\"hello\": 1}", null))
                .hasMessage("record is neither a DMS envelope (no metadata) nor a Debezium event (no op and source):"
                        + " {\"hello\":1}");
        assertThatThrownBy(() -> parser.parse("{\"metadata\": {\"record-type\": \"data\", \"operation\": \"upsert\","
                + " \"schema-name\": \"public\", \"table-name\": \"t\"}}", null))
                .hasMessageStartingWith("metadata.operation 'upsert' is not a data operation: expected load, insert,"
                        + " update or delete");
        assertThatThrownBy(() -> parser.parse("{\"metadata\": {\"record-type\": \"data\", \"operation\": \"insert\","
                + " \"schema-name\": \"public\", \"table-name\": \"t\", \"commit-lsn\": \"16B3748\"}}", null))
                .hasMessageStartingWith("'16B3748' is not an LSN: expected X/Y in hex, like 0/16B3748");
        assertThatThrownBy(() -> parser.parse("{\"op\": \"m\", \"source\": {\"schema\": \"public\", \"table\": \"t\"}}",
                null)).hasMessageStartingWith("op 'm' is not supported: expected r, c, u, d, t or oversize-skipped");
    }

    @Test
    void readsTheLsnAtTheStartOfADmsStreamPositionAndNothingFromOtherShapes() {
        assertThat(DmsEnvelope.streamPosition("00000002/7C007178.3.00000002/7C007178", 1))
                .isEqualTo(new Position(0x2_7C007178L, 1));
        assertThat(DmsEnvelope.streamPosition("mysql-bin-changelog.002171:36912271:0:36912333", 1)).isNull();
    }

    @Test
    void ordersPositionsByLsnThenRecordId() {
        assertThat(Position.of("0/16B3748", 2)).isGreaterThan(Position.of("0/16B3748", 1));
        assertThat(Position.of("1/0", 0)).isGreaterThan(Position.of("0/FFFFFFFF", 9));
        assertThat(Position.of("FFFFFFFF/0", 0)).as("unsigned").isGreaterThan(Position.of("1/0", 0));
        assertThat(Position.of("16/B374D848", 3)).hasToString("16/B374D848#3");
    }
}
