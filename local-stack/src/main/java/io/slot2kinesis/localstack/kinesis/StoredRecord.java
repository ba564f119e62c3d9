package io.slot2kinesis.localstack.kinesis;

/** One record as a shard keeps it; its sequence number is derived from its position in the shard. */
record StoredRecord(long position, byte[] data, String partitionKey, long arrivalMillis) {
}
