package io.slot2kinesis.localstack.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kinesis API over HTTP: {@code POST /} with {@code X-Amz-Target: Kinesis_20131202.<Operation>},
 * decoded and answered in the request's {@link WireFormat}. Errors are answered as the service does:
 * status 400/500/503 with {@code __type} and {@code message}. Signatures are not checked.
 */
final class KinesisHttpHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(KinesisHttpHandler.class);
    private static final String TARGET_PREFIX = "Kinesis_20131202.";

    private final StreamOperations streams;
    private final RecordOperations records;
    private final FaultInjector faults;
    private final TrafficCounters counters;
    private final AtomicLong requestIds = new AtomicLong();

    KinesisHttpHandler(StreamStore store, FaultInjector faults, TrafficCounters counters) {
        this.streams = new StreamOperations(store);
        this.records = new RecordOperations(store, faults, counters);
        this.faults = faults;
        this.counters = counters;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            WireFormat format = WireFormat.ofContentType(exchange.getRequestHeaders().getFirst("Content-Type"));
            counters.request(format);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            int status = 200;
            JsonNode response;
            try {
                response = answer(target, body, format);
            } catch (KinesisException e) {
                counters.requestFailed(e.errorCode());
                status = e.httpStatus();
                response = error(e.errorCode(), e.getMessage());
                exchange.getResponseHeaders().set("x-amzn-ErrorType", e.errorCode());
            } catch (RuntimeException e) {
                LOG.warn("FastKinesis failed on {}: answering 500 InternalFailure", target, e);
                counters.requestFailed("InternalFailure");
                status = 500;
                response = error("InternalFailure", "FastKinesis failed: " + e);
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "InternalFailure");
            }
            byte[] out = format.write(response);
            exchange.getResponseHeaders().set("Content-Type", format.contentType());
            exchange.getResponseHeaders().set("x-amzn-RequestId", "fastkinesis-" + requestIds.incrementAndGet());
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
        }
    }

    private JsonNode answer(String target, byte[] body, WireFormat format) {
        if (faults.unavailable()) {
            throw KinesisException.serviceUnavailable();
        }
        if (target == null || !target.startsWith(TARGET_PREFIX)) {
            throw KinesisException.unknownOperation(String.valueOf(target));
        }
        String operation = target.substring(TARGET_PREFIX.length());
        JsonNode request = format.read(body);
        return switch (operation) {
            case "PutRecords" -> {
                injectRequestFault();
                yield records.putRecords(request);
            }
            case "PutRecord" -> {
                injectRequestFault();
                yield records.putRecord(request);
            }
            case "GetShardIterator" -> records.getShardIterator(request, format);
            case "GetRecords" -> records.getRecords(request, format);
            case "CreateStream" -> streams.createStream(request);
            case "DeleteStream" -> streams.deleteStream(request);
            case "DescribeStream" -> streams.describeStream(request, format);
            case "DescribeStreamSummary" -> streams.describeStreamSummary(request, format);
            case "ListShards" -> streams.listShards(request);
            case "ListStreams" -> streams.listStreams(format);
            case "UpdateMaxRecordSize" -> streams.updateMaxRecordSize(request);
            default -> throw KinesisException.unknownOperation(target);
        };
    }

    private void injectRequestFault() {
        FaultInjector.RequestFault fault = faults.requestFault();
        if (fault.delay().isPositive()) {
            try {
                Thread.sleep(fault.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (fault.errorStatus() == 500) {
            throw KinesisException.internalFailure();
        }
        if (fault.errorStatus() == 503) {
            throw KinesisException.serviceUnavailable();
        }
    }

    private static ObjectNode error(String type, String message) {
        return JsonNodeFactory.instance.objectNode().put("__type", type).put("message", message);
    }
}
