package io.slot2kinesis.localstack.kinesis;

import java.util.List;

/**
 * How to run a {@link FastKinesis}.
 *
 * @param host address to listen on
 * @param port port to listen on, 0 for any free port
 * @param region region written into stream ARNs
 * @param enforceLimits whether the per-shard limits (1,000 records/s, 1 MiB/s) apply to every stream
 *     that has no switch of its own
 * @param retainLastPerShard keep only the newest N records of each shard (counts keep going), 0 keeps all
 * @param streams streams to create at start
 */
public record FastKinesisOptions(String host, int port, String region, boolean enforceLimits,
        int retainLastPerShard, List<StreamSpec> streams) {

    /** A stream to create at start. */
    public record StreamSpec(String name, int shards) {

        /** Parses {@code name:shards}, as the command's {@code --stream} takes it. */
        public static StreamSpec parse(String spec) {
            int colon = spec.lastIndexOf(':');
            try {
                if (colon > 0) {
                    return new StreamSpec(spec.substring(0, colon), Integer.parseInt(spec.substring(colon + 1)));
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new IllegalArgumentException("--stream '" + spec + "' must be name:shards, e.g. changes:4");
        }
    }

    public FastKinesisOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) to 65535, was " + port);
        }
        if (retainLastPerShard < 0) {
            throw new IllegalArgumentException("retainLastPerShard must be 0 (keep all) or positive, was "
                    + retainLastPerShard);
        }
        streams = List.copyOf(streams);
    }

    /** Loopback, the given port, region us-east-1, no per-shard limits, all records kept, no streams. */
    public static FastKinesisOptions onPort(int port) {
        return new FastKinesisOptions("127.0.0.1", port, "us-east-1", false, 0, List.of());
    }

    public FastKinesisOptions withEnforceLimits(boolean enforce) {
        return new FastKinesisOptions(host, port, region, enforce, retainLastPerShard, streams);
    }

    public FastKinesisOptions withRetainLastPerShard(int retainLast) {
        return new FastKinesisOptions(host, port, region, enforceLimits, retainLast, streams);
    }

    public FastKinesisOptions withRegion(String newRegion) {
        return new FastKinesisOptions(host, port, newRegion, enforceLimits, retainLastPerShard, streams);
    }

    public FastKinesisOptions withHost(String newHost) {
        return new FastKinesisOptions(newHost, port, region, enforceLimits, retainLastPerShard, streams);
    }

    public FastKinesisOptions withStream(String name, int shards) {
        List<StreamSpec> more = new java.util.ArrayList<>(streams);
        more.add(new StreamSpec(name, shards));
        return new FastKinesisOptions(host, port, region, enforceLimits, retainLastPerShard, more);
    }
}
