package io.slot2kinesis.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.change.ChangeEvent;
import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableId;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.change.Transaction;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.postgresql.replication.LogSequenceNumber;

/** Tables, transactions and changes shared by the format tests. */
final class Fixtures {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00.123456Z"), ZoneOffset.UTC);
    static final Transaction TX = new Transaction(7631, LogSequenceNumber.valueOf("0/16B3748"),
            Instant.parse("2026-11-23T10:00:00.120001Z"));
    static final LogSequenceNumber CHANGE_LSN = LogSequenceNumber.valueOf("0/16B3700");

    /** public.orders(id int4 key, status text, total numeric, note text). */
    static final TableSchema ORDERS = table("orders", ReplicaIdentity.DEFAULT,
            new Column("id", 23, "int4", -1, true),
            new Column("status", 25, "text", -1, false),
            new Column("total", 1700, "numeric", -1, false),
            new Column("note", 25, "text", -1, false));

    private Fixtures() {}

    static TableSchema table(String name, ReplicaIdentity identity, Column... columns) {
        return new TableSchema(16384, new TableId("public", name), identity, List.of(columns));
    }

    static ChangeEvent change(Operation operation, TableSchema table, Row before, Row after) {
        return new ChangeEvent(operation, table, before, after, TX, 1, CHANGE_LSN);
    }

    static JsonNode tree(byte[] data) {
        try {
            return JSON.readTree(data);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
