package io.slot2kinesis.localstack.kinesis;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A point in Kinesis' 128-bit hash key space, held as two unsigned longs so routing a record costs one
 * MD5 and two comparisons instead of a {@link BigInteger} per record.
 */
record HashKey(long high, long low) implements Comparable<HashKey> {

    static final HashKey MIN = new HashKey(0L, 0L);
    static final HashKey MAX = new HashKey(-1L, -1L);
    private static final BigInteger TWO_POW_128 = BigInteger.ONE.shiftLeft(128);
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(HashKey::newMd5);

    /** Kinesis maps a partition key to the MD5 of its UTF-8 bytes, read as an unsigned 128-bit integer. */
    static HashKey ofPartitionKey(String partitionKey) {
        byte[] digest = MD5.get().digest(partitionKey.getBytes(StandardCharsets.UTF_8));
        ByteBuffer buffer = ByteBuffer.wrap(digest);
        return new HashKey(buffer.getLong(), buffer.getLong());
    }

    /** Parses an {@code ExplicitHashKey}: a decimal integer from 0 to 2^128 - 1. */
    static HashKey parse(String decimal) {
        BigInteger value;
        try {
            value = new BigInteger(decimal);
        } catch (NumberFormatException e) {
            throw KinesisException.invalidArgument(
                    "Invalid ExplicitHashKey. ExplicitHashKey must be a decimal integer: '" + decimal + "'");
        }
        if (value.signum() < 0 || value.compareTo(TWO_POW_128) >= 0) {
            throw KinesisException.invalidArgument("Invalid ExplicitHashKey. ExplicitHashKey must be in the range:"
                    + " [0, 2^128-1]. Specified value was " + decimal);
        }
        return of(value);
    }

    static HashKey of(BigInteger value) {
        return new HashKey(value.shiftRight(64).longValue(), value.longValue());
    }

    BigInteger toBigInteger() {
        BigInteger high128 = new BigInteger(Long.toUnsignedString(high)).shiftLeft(64);
        return high128.add(new BigInteger(Long.toUnsignedString(low)));
    }

    @Override
    public int compareTo(HashKey other) {
        int byHigh = Long.compareUnsigned(high, other.high);
        return byHigh != 0 ? byHigh : Long.compareUnsigned(low, other.low);
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no MD5, which Kinesis routing needs", e);
        }
    }
}
