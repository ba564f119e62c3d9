package io.slot2kinesis.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.change.Transaction;
import io.slot2kinesis.config.RecordFormatName;
import io.slot2kinesis.largerecord.PointerRecords;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pointer records as the worker writes them with S2K_OVERSIZE=s3 (its own PointerRecords), in both envelopes. */
class LargeRecordTest {
    private static final TableSchema DOCS = WorkerRecords.table("docs", ReplicaIdentity.DEFAULT,
            List.of(new Column("id", 23, "int4", -1, true), new Column("body", 25, "text", -1, false)));
    private static final Transaction TX = WorkerRecords.transaction(812, "0/16B3748", "2026-11-23T09:59:59.5Z");
    private static final String BODY = "x".repeat(5000);

    private final Map<String, byte[]> bucket = new HashMap<>();

    @Test
    void resolvesADmsPointerRecordToTheFullChange() throws Exception {
        StreamRecord full = WorkerRecords.dms().change(Operation.INSERT, DOCS, null, Row.of("7", BODY), TX, 3);
        StreamRecord pointer = stored(full, RecordFormatName.DMS);

        assertThat(new String(pointer.data(), StandardCharsets.UTF_8)).doesNotContain(BODY)
                .contains("\"large-record\":{\"bucket\":\"records\",\"key\":\"large-records/s/slot/0000000001000028/3.json\"");
        Change change = ChangeParser.resolvingLargeRecords(this::fetch).parse(pointer.data(), pointer.partitionKey());

        assertThat(change).isEqualTo(new ChangeParser().parse(full.data(), full.partitionKey()));
        assertThat(change.after().get("body").asText()).isEqualTo(BODY);
        assertThat(change.position()).isEqualTo(Position.of("0/16B3748", 3));
    }

    @Test
    void resolvesADebeziumPointerRecordToTheFullChange() throws Exception {
        StreamRecord full = WorkerRecords.debezium().change(Operation.UPDATE, DOCS, null, Row.of("7", BODY), TX, 3);
        StreamRecord pointer = stored(full, RecordFormatName.DEBEZIUM);

        assertThat(new String(pointer.data(), StandardCharsets.UTF_8)).doesNotContain(BODY)
                .contains("\"before\":null,\"after\":null").contains("\"large_record\":{\"bucket\":\"records\"");
        Change change = ChangeParser.resolvingLargeRecords(this::fetch).parse(pointer.data(), pointer.partitionKey());

        assertThat(change).isEqualTo(new ChangeParser().parse(full.data(), full.partitionKey()));
        assertThat(change.operation()).isEqualTo(io.slot2kinesis.consumer.Operation.UPDATE);
        assertThat(change.after().get("body").asText()).isEqualTo(BODY);
    }

    @Test
    void refusesAnObjectWhoseContentDiffersFromThePointer() throws Exception {
        StreamRecord pointer = stored(WorkerRecords.dms().change(Operation.INSERT, DOCS, null, Row.of("7", BODY), TX,
                3), RecordFormatName.DMS);
        byte[] object = bucket.get("large-records/s/slot/0000000001000028/3.json");
        object[object.length / 2] = 'y';

        assertThatThrownBy(() -> ChangeParser.resolvingLargeRecords(this::fetch).parse(pointer.data(), null))
                .isInstanceOf(LargeRecordException.class)
                .hasMessageContaining("s3://records/large-records/s/slot/0000000001000028/3.json")
                .hasMessageContaining("SHA-256");
        bucket.put("large-records/s/slot/0000000001000028/3.json", "{}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ChangeParser.resolvingLargeRecords(this::fetch).parse(pointer.data(), null))
                .isInstanceOf(LargeRecordException.class).hasMessageContaining("is 2 bytes, its pointer says");
    }

    @Test
    void saysWhatToDoWhenAPointerRecordMeetsAParserWithoutFetcher() throws Exception {
        StreamRecord pointer = stored(WorkerRecords.debezium().change(Operation.INSERT, DOCS, null,
                Row.of("7", BODY), TX, 3), RecordFormatName.DEBEZIUM);

        assertThatThrownBy(() -> new ChangeParser().parse(pointer.data(), null))
                .isInstanceOf(LargeRecordException.class)
                .hasMessageContaining("s3://records/large-records/s/slot/0000000001000028/3.json")
                .hasMessageContaining("LargeRecordFetcher");
    }

    @Test
    void namesTheObjectThatCannotBeRead() throws Exception {
        StreamRecord pointer = stored(WorkerRecords.dms().change(Operation.INSERT, DOCS, null, Row.of("7", BODY), TX,
                3), RecordFormatName.DMS);
        LargeRecordFetcher failing = (b, k) -> {
            throw new IllegalStateException("Access Denied");
        };

        assertThatThrownBy(() -> ChangeParser.resolvingLargeRecords(failing).parse(pointer.data(), null))
                .isInstanceOf(LargeRecordException.class)
                .hasMessage("cannot read the large record s3://records/large-records/s/slot/0000000001000028/3.json: "
                        + "Access Denied");
    }

    /** What the worker does: the full record into the bucket, its pointer record onto the stream. */
    private StreamRecord stored(StreamRecord full, RecordFormatName format) throws Exception {
        String key = io.slot2kinesis.largerecord.ObjectKeys.forRecord("large-records/", "s", "slot", 0x1000028L, 3);
        bucket.put(key, full.data().clone());
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(full.data()));
        byte[] pointer = new PointerRecords(format).pointerRecord(full.data(),
                new io.slot2kinesis.largerecord.LargeRecordPointer("records", key, full.data().length, sha256));
        return new StreamRecord(full.shardId(), full.sequenceNumber(), full.partitionKey(), pointer);
    }

    private byte[] fetch(String bucketName, String key) {
        assertThat(bucketName).isEqualTo("records");
        return bucket.get(key).clone();
    }
}
