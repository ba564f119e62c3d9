package io.slot2kinesis.consumer;

import io.slot2kinesis.change.ChangeEvent;
import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableId;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.change.Transaction;
import io.slot2kinesis.format.DebeziumFormat;
import io.slot2kinesis.format.DmsFormat;
import io.slot2kinesis.format.EncodedRecord;
import io.slot2kinesis.format.RecordFormat;
import io.slot2kinesis.mapping.PartitionKeyPolicies;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.replication.LogSequenceNumber;

/** Records rendered by the worker's own format classes, as the worker puts them on the stream. */
final class WorkerRecords {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T10:00:00.123456Z"), ZoneOffset.UTC);

    private final RecordFormat format;
    private final List<StreamRecord> written = new ArrayList<>();
    private long sequence = 49_000_000_000L;

    private WorkerRecords(RecordFormat format) {
        this.format = format;
    }

    /** The default {@code dms} format. */
    static WorkerRecords dms() {
        return new WorkerRecords(new DmsFormat(CLOCK, PartitionKeyPolicies.defaults()));
    }

    /** {@code S2K_FORMAT=debezium}. */
    static WorkerRecords debezium() {
        return new WorkerRecords(new DebeziumFormat(CLOCK, PartitionKeyPolicies.defaults(), "s2k", "app"));
    }

    static Transaction transaction(long xid, String commitLsn, String commitTime) {
        return new Transaction(xid, LogSequenceNumber.valueOf(commitLsn), Instant.parse(commitTime));
    }

    static TableSchema table(String name, ReplicaIdentity identity, List<Column> columns) {
        return new TableSchema(16384, new TableId("public", name), identity, columns);
    }

    StreamRecord change(io.slot2kinesis.change.Operation operation, TableSchema table, Row before, Row after,
            Transaction transaction, int position) {
        LogSequenceNumber lsn = LogSequenceNumber.valueOf(transaction.commitLsn().asLong() - 16 + position);
        return written(format.encode(new ChangeEvent(operation, table, before, after, transaction, position, lsn)));
    }

    StreamRecord relationChanged(TableSchema previous, TableSchema current, Transaction transaction) {
        return relationChanged(previous, current, transaction, 1);
    }

    /** A schema change met just before change {@code nextPosition} of {@code transaction}. */
    StreamRecord relationChanged(TableSchema previous, TableSchema current, Transaction transaction,
            long nextPosition) {
        return written(format.relationChanged(previous, current, transaction, nextPosition).orElseThrow());
    }

    /** Kinesis' view of a record: shard 0, the next sequence number. */
    private StreamRecord written(EncodedRecord record) {
        StreamRecord stream = new StreamRecord("shardId-000000000000", Long.toString(sequence++),
                record.partitionKey(), record.data());
        written.add(stream);
        return stream;
    }

    /** The record as read from another shard: a table-level record's key rarely hashes to its rows' shard. */
    static StreamRecord onShard(StreamRecord record, String shardId) {
        return new StreamRecord(shardId, record.sequenceNumber(), record.partitionKey(), record.data());
    }

    List<StreamRecord> written() {
        return List.copyOf(written);
    }
}
