package io.slot2kinesis.localstack.kinesis;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque shard iterator: the stream (with its creation time, so an iterator of a deleted and
 * re-created stream is refused), the shard and the next position to read.
 */
record ShardIterator(String streamName, long streamCreatedMillis, int shardIndex, long position) {

    String encode() {
        String plain = streamName + "/" + streamCreatedMillis + "/" + shardIndex + "/" + position;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static ShardIterator decode(String iterator) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(iterator), StandardCharsets.UTF_8);
            String[] parts = plain.split("/");
            return new ShardIterator(parts[0], Long.parseLong(parts[1]), Integer.parseInt(parts[2]),
                    Long.parseLong(parts[3]));
        } catch (RuntimeException e) {
            throw KinesisException.invalidArgument("Invalid ShardIterator: '" + iterator
                    + "' was not issued by this endpoint's GetShardIterator or GetRecords");
        }
    }
}
