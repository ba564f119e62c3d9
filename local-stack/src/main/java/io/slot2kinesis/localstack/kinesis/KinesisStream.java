package io.slot2kinesis.localstack.kinesis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/** A stream: its fixed shards, how records find a shard, and its per-stream settings. */
final class KinesisStream {

    static final int DEFAULT_MAX_RECORD_SIZE_KIB = 1024;

    private final String name;
    private final String arn;
    private final long createdMillis;
    private final boolean onDemand;
    private final List<Shard> shards;
    private volatile int maxRecordSizeKiB;
    /** null: follow the server-wide switch. */
    private volatile Boolean enforceLimits;

    KinesisStream(String name, String arn, long createdMillis, boolean onDemand, int shardCount,
            int maxRecordSizeKiB, int retainLastPerShard, LongSupplier nanoTime) {
        this.name = name;
        this.arn = arn;
        this.createdMillis = createdMillis;
        this.onDemand = onDemand;
        this.maxRecordSizeKiB = maxRecordSizeKiB;
        List<HashKeyRange> ranges = HashKeyRange.evenSplit(shardCount);
        List<Shard> list = new ArrayList<>(shardCount);
        for (int i = 0; i < shardCount; i++) {
            list.add(new Shard(i, ranges.get(i), createdMillis, retainLastPerShard, nanoTime));
        }
        this.shards = List.copyOf(list);
    }

    String name() {
        return name;
    }

    String arn() {
        return arn;
    }

    long createdMillis() {
        return createdMillis;
    }

    boolean onDemand() {
        return onDemand;
    }

    List<Shard> shards() {
        return shards;
    }

    int maxRecordSizeKiB() {
        return maxRecordSizeKiB;
    }

    void maxRecordSizeKiB(int kib) {
        this.maxRecordSizeKiB = kib;
    }

    Boolean enforceLimits() {
        return enforceLimits;
    }

    void enforceLimits(Boolean enforce) {
        this.enforceLimits = enforce;
    }

    /** The shard whose hash key range holds {@code key}; ranges are sorted and cover the whole space. */
    Shard route(HashKey key) {
        int low = 0;
        int high = shards.size() - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (shards.get(mid).hashKeyRange().end().compareTo(key) < 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return shards.get(low);
    }

    Shard shard(String shardId) {
        for (Shard shard : shards) {
            if (shard.shardId().equals(shardId)) {
                return shard;
            }
        }
        throw new KinesisException("ResourceNotFoundException", 400, "Could not find shard " + shardId
                + " in stream " + name + " under account " + KinesisException.ACCOUNT_ID + ".");
    }
}
