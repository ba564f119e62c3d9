package io.slot2kinesis.localstack.kinesis;

import static io.slot2kinesis.localstack.kinesis.RecordOperations.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The control-plane operations; streams become ACTIVE at once, since nothing here takes time to build. */
final class StreamOperations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final StreamStore store;

    StreamOperations(StreamStore store) {
        this.store = store;
    }

    ObjectNode createStream(JsonNode request) {
        JsonNode mode = request.path("StreamModeDetails").path("StreamMode");
        boolean onDemand = "ON_DEMAND".equals(mode.asText());
        JsonNode shardCount = request.get("ShardCount");
        int shards;
        if (shardCount != null && !shardCount.isNull()) {
            shards = shardCount.asInt();
        } else if (onDemand) {
            shards = StreamStore.ON_DEMAND_SHARDS;
        } else {
            throw KinesisException.invalidArgument("ShardCount is required for a PROVISIONED stream ("
                    + text(request, "StreamName") + "); give ShardCount or StreamMode ON_DEMAND");
        }
        JsonNode maxSize = request.get("MaxRecordSizeInKiB");
        int maxKiB = maxSize == null || maxSize.isNull() ? KinesisStream.DEFAULT_MAX_RECORD_SIZE_KIB : maxSize.asInt();
        store.create(text(request, "StreamName"), shards, onDemand, maxKiB);
        return NODES.objectNode();
    }

    ObjectNode deleteStream(JsonNode request) {
        store.delete(stream(request).name());
        return NODES.objectNode();
    }

    ObjectNode updateMaxRecordSize(JsonNode request) {
        KinesisStream stream = stream(request);
        int kib = request.path("MaxRecordSizeInKiB").asInt();
        StreamStore.checkMaxRecordSize(kib);
        stream.maxRecordSizeKiB(kib);
        return NODES.objectNode();
    }

    ObjectNode describeStreamSummary(JsonNode request, WireFormat format) {
        KinesisStream stream = stream(request);
        ObjectNode summary = common(stream, format);
        summary.put("OpenShardCount", stream.shards().size()).put("ConsumerCount", 0)
                .put("MaxRecordSizeInKiB", stream.maxRecordSizeKiB());
        ObjectNode response = NODES.objectNode();
        response.set("StreamDescriptionSummary", summary);
        return response;
    }

    ObjectNode describeStream(JsonNode request, WireFormat format) {
        KinesisStream stream = stream(request);
        ObjectNode description = common(stream, format);
        description.set("Shards", shards(stream.shards()));
        description.put("HasMoreShards", false);
        ObjectNode response = NODES.objectNode();
        response.set("StreamDescription", description);
        return response;
    }

    ObjectNode listShards(JsonNode request) {
        String token = text(request, "NextToken");
        KinesisStream stream;
        int from = 0;
        if (token != null) {
            ShardIterator position = ShardIterator.decode(token);
            stream = store.require(position.streamName(), null);
            from = (int) position.position();
        } else {
            stream = stream(request);
        }
        JsonNode maxNode = request.get("MaxResults");
        int max = maxNode == null || maxNode.isNull() ? 1000 : maxNode.asInt();
        List<Shard> all = stream.shards();
        int to = Math.min(all.size(), from + Math.max(1, max));
        ObjectNode response = NODES.objectNode();
        response.set("Shards", shards(all.subList(from, to)));
        if (to < all.size()) {
            response.put("NextToken", new ShardIterator(stream.name(), stream.createdMillis(), 0, to).encode());
        }
        return response;
    }

    ObjectNode listStreams(WireFormat format) {
        ObjectNode response = NODES.objectNode();
        ArrayNode names = response.putArray("StreamNames");
        ArrayNode summaries = response.putArray("StreamSummaries");
        for (KinesisStream stream : store.all()) {
            names.add(stream.name());
            ObjectNode summary = summaries.addObject().put("StreamName", stream.name())
                    .put("StreamARN", stream.arn()).put("StreamStatus", "ACTIVE");
            summary.putObject("StreamModeDetails").put("StreamMode", mode(stream));
            summary.set("StreamCreationTimestamp", format.timestamp(stream.createdMillis()));
        }
        return response.put("HasMoreStreams", false);
    }

    private ObjectNode common(KinesisStream stream, WireFormat format) {
        ObjectNode node = NODES.objectNode().put("StreamName", stream.name()).put("StreamARN", stream.arn())
                .put("StreamStatus", "ACTIVE").put("RetentionPeriodHours", 24).put("EncryptionType", "NONE");
        node.putObject("StreamModeDetails").put("StreamMode", mode(stream));
        node.set("StreamCreationTimestamp", format.timestamp(stream.createdMillis()));
        node.putArray("EnhancedMonitoring").addObject().putArray("ShardLevelMetrics");
        return node;
    }

    private static ArrayNode shards(List<Shard> shards) {
        ArrayNode array = NODES.arrayNode(shards.size());
        for (Shard shard : shards) {
            ObjectNode node = array.addObject().put("ShardId", shard.shardId());
            node.putObject("HashKeyRange").put("StartingHashKey", shard.hashKeyRange().start().toString())
                    .put("EndingHashKey", shard.hashKeyRange().end().toString());
            node.putObject("SequenceNumberRange").put("StartingSequenceNumber", shard.startingSequenceNumber());
        }
        return array;
    }

    private static String mode(KinesisStream stream) {
        return stream.onDemand() ? "ON_DEMAND" : "PROVISIONED";
    }

    private KinesisStream stream(JsonNode request) {
        return store.require(text(request, "StreamName"), text(request, "StreamARN"));
    }
}
