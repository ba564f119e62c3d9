package io.slot2kinesis.it.target;

import io.slot2kinesis.it.records.ChangeRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/**
 * Reads a stream as a consumer would, from a starting point, keeping the records of the scenario's tables. Records
 * of one partition key come in order (they share a shard); shards that appear later (a resharded on-demand stream)
 * are picked up on the next poll. Not thread-safe: give each thread its own feed.
 */
public final class StreamFeed {
    private final KinesisClient kinesis;
    private final String stream;
    private final Set<String> tables;
    private final Instant since;
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final List<ChangeRecord> read = new ArrayList<>();
    private long polls;

    /**
     * @param since null to read every shard from its start (a stream made for the scenario), or a time to read from
     *     (a shared stream)
     */
    public StreamFeed(KinesisClient kinesis, String stream, Set<String> tables, Instant since) {
        this.kinesis = kinesis;
        this.stream = stream;
        this.tables = Set.copyOf(tables);
        this.since = since;
        discoverShards();
    }

    private void discoverShards() {
        for (Shard shard : kinesis.listShards(r -> r.streamName(stream)).shards()) {
            if (iterators.containsKey(shard.shardId())) {
                continue;
            }
            String iterator = kinesis.getShardIterator(r -> {
                r.streamName(stream).shardId(shard.shardId());
                if (since == null) {
                    r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                } else {
                    r.shardIteratorType(ShardIteratorType.AT_TIMESTAMP).timestamp(since);
                }
            }).shardIterator();
            iterators.put(shard.shardId(), iterator);
        }
    }

    /** Reads what is in the stream now; returns every record of the scenario read so far, duplicates included. */
    public List<ChangeRecord> poll() {
        boolean closedShard = false;
        for (Map.Entry<String, String> entry : iterators.entrySet()) {
            String iterator = entry.getValue();
            while (iterator != null) {
                String current = iterator;
                GetRecordsResponse response = kinesis.getRecords(r -> r.shardIterator(current).limit(10_000));
                for (Record record : response.records()) {
                    ChangeRecord change = ChangeRecord.parse(record, entry.getKey());
                    if (tables.contains(change.table())) {
                        read.add(change);
                    }
                }
                iterator = response.nextShardIterator();
                if (response.records().isEmpty() || response.millisBehindLatest() == null
                        || response.millisBehindLatest() == 0) {
                    break;
                }
            }
            closedShard |= iterator == null;
            entry.setValue(iterator);
        }
        if (closedShard || ++polls % 50 == 0) {
            iterators.values().removeIf(java.util.Objects::isNull);
            discoverShards();
        }
        return List.copyOf(read);
    }

    public String stream() {
        return stream;
    }
}
