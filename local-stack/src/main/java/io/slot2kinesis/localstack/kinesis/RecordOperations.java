package io.slot2kinesis.localstack.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The data-plane operations: PutRecord(s), GetShardIterator, GetRecords. */
final class RecordOperations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final int MAX_GET_RECORDS = 10_000;

    private final StreamStore store;
    private final FaultInjector faults;
    private final TrafficCounters counters;

    RecordOperations(StreamStore store, FaultInjector faults, TrafficCounters counters) {
        this.store = store;
        this.faults = faults;
        this.counters = counters;
    }

    ObjectNode putRecords(JsonNode request) {
        KinesisStream stream = stream(request);
        List<PutEntry> entries = RecordLimits.putRecordsEntries(request.get("Records"), stream);
        boolean enforce = store.enforceLimits(stream);
        long now = store.nowMillis();
        ArrayNode results = NODES.arrayNode(entries.size());
        int failed = 0;
        for (PutEntry entry : entries) {
            Shard shard = stream.route(entry.hashKey());
            FaultInjector.EntryFault fault = faults.entryFault();
            long position = fault == FaultInjector.EntryFault.NONE ? shard.append(entry, now, enforce) : -1;
            ObjectNode result = results.addObject();
            if (position >= 0) {
                result.put("SequenceNumber", shard.sequenceNumber(position)).put("ShardId", shard.shardId());
            } else if (fault == FaultInjector.EntryFault.INTERNAL_FAILURE) {
                failed++;
                counters.entryFailed("InternalFailure");
                result.put("ErrorCode", "InternalFailure").put("ErrorMessage", "Internal Service Failure");
            } else {
                failed++;
                counters.entryFailed("ProvisionedThroughputExceededException");
                result.put("ErrorCode", "ProvisionedThroughputExceededException")
                        .put("ErrorMessage", KinesisException.rateExceededMessage(shard.shardId(), stream.name()));
            }
        }
        counters.accepted(entries.size() - failed);
        ObjectNode response = NODES.objectNode().put("FailedRecordCount", failed);
        response.set("Records", results);
        return response.put("EncryptionType", "NONE");
    }

    ObjectNode putRecord(JsonNode request) {
        KinesisStream stream = stream(request);
        PutEntry entry = RecordLimits.putRecordEntry(request, stream);
        Shard shard = stream.route(entry.hashKey());
        FaultInjector.EntryFault fault = faults.entryFault();
        if (fault == FaultInjector.EntryFault.INTERNAL_FAILURE) {
            throw KinesisException.internalFailure();
        }
        long position = fault == FaultInjector.EntryFault.NONE
                ? shard.append(entry, store.nowMillis(), store.enforceLimits(stream)) : -1;
        if (position < 0) {
            throw KinesisException.throttled(shard.shardId(), stream.name());
        }
        counters.accepted(1);
        return NODES.objectNode().put("ShardId", shard.shardId())
                .put("SequenceNumber", shard.sequenceNumber(position)).put("EncryptionType", "NONE");
    }

    ObjectNode getShardIterator(JsonNode request, WireFormat format) {
        KinesisStream stream = stream(request);
        Shard shard = stream.shard(text(request, "ShardId"));
        String type = text(request, "ShardIteratorType");
        long position = switch (type == null ? "" : type) {
            case "TRIM_HORIZON" -> shard.firstPosition();
            case "LATEST" -> shard.nextPosition();
            case "AT_SEQUENCE_NUMBER" -> shard.positionOf(text(request, "StartingSequenceNumber"));
            case "AFTER_SEQUENCE_NUMBER" -> shard.positionOf(text(request, "StartingSequenceNumber")) + 1;
            case "AT_TIMESTAMP" -> shard.firstPositionAtOrAfter(format.timestampMillis(request.get("Timestamp")));
            default -> throw KinesisException.validation("1 validation error detected: Value '" + type + "' at"
                    + " 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER, TRIM_HORIZON, LATEST, AT_TIMESTAMP]");
        };
        ShardIterator iterator = new ShardIterator(stream.name(), stream.createdMillis(), shard.index(), position);
        return NODES.objectNode().put("ShardIterator", iterator.encode());
    }

    ObjectNode getRecords(JsonNode request, WireFormat format) {
        ShardIterator iterator = ShardIterator.decode(text(request, "ShardIterator"));
        KinesisStream stream = store.require(iterator.streamName(), null);
        if (stream.createdMillis() != iterator.streamCreatedMillis()
                || iterator.shardIndex() >= stream.shards().size()) {
            throw KinesisException.streamNotFound(iterator.streamName());
        }
        JsonNode limitNode = request.get("Limit");
        int limit = limitNode == null || limitNode.isNull() ? MAX_GET_RECORDS : limitNode.asInt();
        if (limit < 1 || limit > MAX_GET_RECORDS) {
            throw KinesisException.validation("1 validation error detected: Value '" + limit + "' at 'limit'"
                    + " failed to satisfy constraint: Member must have value between 1 and " + MAX_GET_RECORDS);
        }
        Shard shard = stream.shards().get(iterator.shardIndex());
        List<StoredRecord> records = shard.read(iterator.position(), limit);
        ArrayNode out = NODES.arrayNode(records.size());
        long next = Math.max(iterator.position(), shard.firstPosition());
        for (StoredRecord record : records) {
            ObjectNode node = out.addObject().put("SequenceNumber", shard.sequenceNumber(record.position()));
            node.set("ApproximateArrivalTimestamp", format.timestamp(record.arrivalMillis()));
            node.put("Data", record.data()).put("PartitionKey", record.partitionKey());
            next = record.position() + 1;
        }
        ObjectNode response = NODES.objectNode();
        response.set("Records", out);
        response.put("NextShardIterator",
                new ShardIterator(stream.name(), stream.createdMillis(), shard.index(), next).encode());
        // How far the next unread record is behind now; 0 once the reader has caught up with the tip.
        long nextArrival = shard.arrivalMillisAt(next);
        return response.put("MillisBehindLatest", nextArrival < 0 ? 0 : Math.max(0, store.nowMillis() - nextArrival));
    }

    private KinesisStream stream(JsonNode request) {
        return store.require(text(request, "StreamName"), text(request, "StreamARN"));
    }

    static String text(JsonNode request, String field) {
        JsonNode node = request.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }
}
