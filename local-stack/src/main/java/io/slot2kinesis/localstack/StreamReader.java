package io.slot2kinesis.localstack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;

/** Reads every shard of a stream from the start, as a consumer would; records come in shard order per shard. */
public final class StreamReader {
    private final KinesisClient kinesis;
    private final List<String> iterators = new ArrayList<>();
    private final List<Record> read = new ArrayList<>();

    public StreamReader(KinesisClient kinesis, String stream) {
        this.kinesis = kinesis;
        for (Shard shard : kinesis.listShards(r -> r.streamName(stream)).shards()) {
            iterators.add(kinesis.getShardIterator(r -> r.streamName(stream).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
        }
    }

    /** Reads what is there now from every shard, hands each new record to {@code consumer}; returns how many. */
    public int poll(Consumer<Record> consumer) {
        int count = 0;
        for (int i = 0; i < iterators.size(); i++) {
            String iterator = iterators.get(i);
            GetRecordsResponse response = kinesis.getRecords(r -> r.shardIterator(iterator).limit(10_000));
            for (Record record : response.records()) {
                read.add(record);
                consumer.accept(record);
            }
            count += response.records().size();
            iterators.set(i, response.nextShardIterator());
        }
        return count;
    }

    /** Every record read so far. */
    public List<Record> records() {
        return List.copyOf(read);
    }

    /**
     * Polls until {@code done} holds for the records read so far, or the timeout passes; returns them either way.
     */
    public List<Record> awaitRecords(Predicate<List<Record>> done, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            poll(record -> {});
            if (done.test(read) || System.nanoTime() > deadline) {
                return records();
            }
            Thread.sleep(200);
        }
    }
}
