package io.slot2kinesis.localstack.kinesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.Test;

class HashKeyRoutingTest {

    private static final BigInteger TWO_POW_128 = BigInteger.ONE.shiftLeft(128);

    @Test
    void twoShardsSplitTheSpaceAtTwoToThe127() {
        List<HashKeyRange> ranges = HashKeyRange.evenSplit(2);

        assertThat(ranges.get(0).start().toBigInteger()).isZero();
        assertThat(ranges.get(0).end().toString()).isEqualTo("170141183460469231731687303715884105727");
        assertThat(ranges.get(1).start().toString()).isEqualTo("170141183460469231731687303715884105728");
        assertThat(ranges.get(1).end().toBigInteger()).isEqualTo(TWO_POW_128.subtract(BigInteger.ONE));
    }

    @Test
    void rangesOfAnyShardCountAreContiguousAndCoverTheWholeSpace() {
        for (int shards : new int[] {1, 3, 4, 7, 64}) {
            List<HashKeyRange> ranges = HashKeyRange.evenSplit(shards);
            assertThat(ranges).hasSize(shards);
            assertThat(ranges.getFirst().start()).isEqualTo(HashKey.MIN);
            assertThat(ranges.getLast().end()).isEqualTo(HashKey.MAX);
            for (int i = 1; i < shards; i++) {
                assertThat(ranges.get(i).start().toBigInteger())
                        .isEqualTo(ranges.get(i - 1).end().toBigInteger().add(BigInteger.ONE));
            }
        }
    }

    @Test
    void partitionKeyHashIsTheMd5ReadAsAnUnsignedInteger() throws Exception {
        for (String key : List.of("a", "customer-42", "ü-ключ", "x".repeat(256))) {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8));
            assertThat(HashKey.ofPartitionKey(key).toBigInteger()).isEqualTo(new BigInteger(1, md5));
        }
    }

    @Test
    void routesEachKeyToTheShardWhoseRangeHoldsItsHash() {
        KinesisStream stream = new KinesisStream("s", "arn", 0, false, 5, 1024, 0, System::nanoTime);
        for (int i = 0; i < 2_000; i++) {
            HashKey key = HashKey.ofPartitionKey("key-" + i);
            Shard shard = stream.route(key);
            assertThat(shard.hashKeyRange().contains(key)).as("key-%d -> %s", i, shard.shardId()).isTrue();
        }
    }

    @Test
    void explicitHashKeyOverridesThePartitionKeyAndIsBoundsChecked() {
        KinesisStream stream = new KinesisStream("s", "arn", 0, false, 4, 1024, 0, System::nanoTime);

        assertThat(stream.route(HashKey.parse("0")).shardId()).isEqualTo("shardId-000000000000");
        assertThat(stream.route(HashKey.parse(TWO_POW_128.subtract(BigInteger.ONE).toString())).shardId())
                .isEqualTo("shardId-000000000003");
        assertThat(stream.route(HashKey.parse(TWO_POW_128.shiftRight(1).toString())).shardId())
                .isEqualTo("shardId-000000000002");
        assertThatThrownBy(() -> HashKey.parse(TWO_POW_128.toString()))
                .hasMessageContaining("ExplicitHashKey must be in the range: [0, 2^128-1]");
    }
}
