package io.slot2kinesis.localstack.kinesis;

import java.util.Map;

/**
 * What FastKinesis has answered since it started.
 *
 * @param requests Kinesis API requests received (admin requests excluded)
 * @param jsonRequests of which in AWS JSON 1.1
 * @param cborRequests of which in CBOR 1.1
 * @param entriesAccepted records stored by PutRecord and PutRecords
 * @param entriesFailed PutRecords entries answered with an error, by {@code ErrorCode}
 * @param requestErrors whole requests answered with an error, by error type
 */
public record FastKinesisCounters(long requests, long jsonRequests, long cborRequests, long entriesAccepted,
        Map<String, Long> entriesFailed, Map<String, Long> requestErrors) {

    public FastKinesisCounters {
        entriesFailed = Map.copyOf(entriesFailed);
        requestErrors = Map.copyOf(requestErrors);
    }

    /** Entries that failed with {@code errorCode}, 0 if none did. */
    public long entriesFailed(String errorCode) {
        return entriesFailed.getOrDefault(errorCode, 0L);
    }

    /** Requests answered with error type {@code errorCode}, 0 if none were. */
    public long requestErrors(String errorCode) {
        return requestErrors.getOrDefault(errorCode, 0L);
    }
}
