package io.slot2kinesis.localstack.kinesis;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/** Live counters behind {@link FastKinesisCounters}; LongAdders so concurrent requests do not contend. */
final class TrafficCounters {

    private final LongAdder json = new LongAdder();
    private final LongAdder cbor = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final ConcurrentMap<String, LongAdder> entriesFailed = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> requestErrors = new ConcurrentHashMap<>();

    void request(WireFormat format) {
        (format == WireFormat.CBOR ? cbor : json).increment();
    }

    void accepted(long count) {
        accepted.add(count);
    }

    void entryFailed(String errorCode) {
        entriesFailed.computeIfAbsent(errorCode, k -> new LongAdder()).increment();
    }

    void requestFailed(String errorCode) {
        requestErrors.computeIfAbsent(errorCode, k -> new LongAdder()).increment();
    }

    FastKinesisCounters snapshot() {
        long jsonCount = json.sum();
        long cborCount = cbor.sum();
        return new FastKinesisCounters(jsonCount + cborCount, jsonCount, cborCount, accepted.sum(),
                sums(entriesFailed), sums(requestErrors));
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
        Map<String, Long> out = new TreeMap<>();
        adders.forEach((code, adder) -> out.put(code, adder.sum()));
        return out;
    }
}
