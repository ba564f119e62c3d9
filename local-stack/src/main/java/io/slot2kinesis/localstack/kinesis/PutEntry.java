package io.slot2kinesis.localstack.kinesis;

/** One validated record of a put request, with the hash key that picks its shard. */
record PutEntry(byte[] data, String partitionKey, HashKey hashKey, long sizeBytes) {
}
