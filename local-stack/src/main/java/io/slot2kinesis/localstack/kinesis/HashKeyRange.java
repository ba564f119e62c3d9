package io.slot2kinesis.localstack.kinesis;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** The inclusive slice of the 128-bit hash key space that one shard owns. */
record HashKeyRange(HashKey start, HashKey end) {

    private static final BigInteger TWO_POW_128 = BigInteger.ONE.shiftLeft(128);

    /**
     * Splits the space into {@code shardCount} contiguous ranges the way Kinesis does for a new stream:
     * shard i starts at floor(i * 2^128 / n), so two shards split at 2^127.
     */
    static List<HashKeyRange> evenSplit(int shardCount) {
        List<HashKeyRange> ranges = new ArrayList<>(shardCount);
        BigInteger count = BigInteger.valueOf(shardCount);
        for (int i = 0; i < shardCount; i++) {
            BigInteger start = TWO_POW_128.multiply(BigInteger.valueOf(i)).divide(count);
            BigInteger nextStart = TWO_POW_128.multiply(BigInteger.valueOf(i + 1L)).divide(count);
            ranges.add(new HashKeyRange(HashKey.of(start), HashKey.of(nextStart.subtract(BigInteger.ONE))));
        }
        return List.copyOf(ranges);
    }

    boolean contains(HashKey key) {
        return start.compareTo(key) <= 0 && key.compareTo(end) <= 0;
    }
}
