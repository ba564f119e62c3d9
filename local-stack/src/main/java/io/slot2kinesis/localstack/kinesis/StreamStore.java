package io.slot2kinesis.localstack.kinesis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/** The streams of the one fake account, found by name or ARN, plus the server-wide limit switch. */
final class StreamStore {

    /** Shards of an on-demand stream when created; the service also starts on-demand streams with 4. */
    static final int ON_DEMAND_SHARDS = 4;
    private static final Pattern STREAM_NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

    private final ConcurrentMap<String, KinesisStream> streams = new ConcurrentHashMap<>();
    private final String region;
    private final int retainLastPerShard;
    private final LongSupplier nanoTime;
    private final LongSupplier clockMillis;
    private volatile boolean enforceLimits;

    StreamStore(String region, int retainLastPerShard, boolean enforceLimits, LongSupplier clockMillis,
            LongSupplier nanoTime) {
        this.region = region;
        this.retainLastPerShard = retainLastPerShard;
        this.enforceLimits = enforceLimits;
        this.clockMillis = clockMillis;
        this.nanoTime = nanoTime;
    }

    KinesisStream create(String name, int shardCount, boolean onDemand, int maxRecordSizeKiB) {
        if (name == null || !STREAM_NAME.matcher(name).matches()) {
            throw KinesisException.validation("1 validation error detected: Value '" + name + "' at 'streamName'"
                    + " failed to satisfy constraint: Member must satisfy regular expression pattern:"
                    + " [a-zA-Z0-9_.-]+ and have length between 1 and 128");
        }
        if (shardCount < 1) {
            throw KinesisException.invalidArgument("ShardCount must be at least 1 for a provisioned stream, was "
                    + shardCount + " (stream " + name + ")");
        }
        checkMaxRecordSize(maxRecordSizeKiB);
        KinesisStream stream = new KinesisStream(name, arnOf(name), clockMillis.getAsLong(), onDemand, shardCount,
                maxRecordSizeKiB, retainLastPerShard, nanoTime);
        if (streams.putIfAbsent(name, stream) != null) {
            throw KinesisException.streamExists(name);
        }
        return stream;
    }

    void delete(String name) {
        if (streams.remove(name) == null) {
            throw KinesisException.streamNotFound(name);
        }
    }

    /** Resolves a request's {@code StreamName} and/or {@code StreamARN}; the service needs one of them. */
    KinesisStream require(String streamName, String streamArn) {
        String name = streamName;
        if (streamArn != null) {
            String prefix = "arn:aws:kinesis:" + region + ":" + KinesisException.ACCOUNT_ID + ":stream/";
            if (!streamArn.startsWith(prefix)) {
                throw KinesisException.invalidArgument("StreamARN " + streamArn + " is not a stream of this"
                        + " endpoint: expected " + prefix + "<name>");
            }
            String fromArn = streamArn.substring(prefix.length());
            if (name != null && !name.equals(fromArn)) {
                throw KinesisException.invalidArgument("StreamName " + name + " and StreamARN " + streamArn
                        + " name different streams");
            }
            name = fromArn;
        }
        if (name == null) {
            throw KinesisException.invalidArgument("Neither StreamName nor StreamARN was given: one is required");
        }
        KinesisStream stream = streams.get(name);
        if (stream == null) {
            throw KinesisException.streamNotFound(name);
        }
        return stream;
    }

    List<KinesisStream> all() {
        List<KinesisStream> list = new ArrayList<>(streams.values());
        list.sort(Comparator.comparing(KinesisStream::name));
        return list;
    }

    String arnOf(String name) {
        return "arn:aws:kinesis:" + region + ":" + KinesisException.ACCOUNT_ID + ":stream/" + name;
    }

    boolean enforceLimits() {
        return enforceLimits;
    }

    void enforceLimits(boolean enforce) {
        this.enforceLimits = enforce;
    }

    /** Whether the per-shard limits apply to {@code stream}: its own switch if set, else the global one. */
    boolean enforceLimits(KinesisStream stream) {
        Boolean own = stream.enforceLimits();
        return own != null ? own : enforceLimits;
    }

    long nowMillis() {
        return clockMillis.getAsLong();
    }

    static void checkMaxRecordSize(int kib) {
        if (kib < 1024 || kib > 10240) {
            throw KinesisException.validation("1 validation error detected: Value '" + kib + "' at"
                    + " 'maxRecordSizeInKiB' failed to satisfy constraint: Member must have value between 1024"
                    + " and 10240");
        }
    }
}
