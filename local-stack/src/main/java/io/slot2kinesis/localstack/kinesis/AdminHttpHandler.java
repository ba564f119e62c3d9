package io.slot2kinesis.localstack.kinesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Control paths for a FastKinesis in another process, JSON in and out:
 * <ul>
 *   <li>{@code POST /_fault} {@code {"internalFailureShare":0.1, "throttleShare":0, "requestErrorShare":0,
 *       "requestErrorStatus":503, "delayShare":0, "delayMillis":0, "seed":42}} replaces the fault plan
 *       (absent fields are 0, status 503); add {@code "outageMillis":5000, "outageMode":"REFUSE_CONNECTIONS"}
 *       or {@code "SERVICE_UNAVAILABLE"} to start an outage.</li>
 *   <li>{@code DELETE /_fault} clears the fault plan.</li>
 *   <li>{@code GET /_counters} returns {@link FastKinesisCounters}.</li>
 *   <li>{@code POST /_limits} {@code {"enforce":true}} or {@code {"stream":"changes","enforce":false}}
 *       switches the per-shard limits.</li>
 * </ul>
 */
final class AdminHttpHandler implements HttpHandler {

    static final String PREFIX = "/_";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FastKinesis kinesis;

    AdminHttpHandler(FastKinesis kinesis) {
        this.kinesis = kinesis;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Runnable afterResponse = null;
        try (exchange) {
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] bytes = in.readAllBytes();
                body = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
            }
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            int status = 200;
            Object response;
            try {
                switch (route) {
                    case "POST /_fault" -> {
                        kinesis.faults(plan(body));
                        afterResponse = outage(body);
                        response = json(kinesis.faults());
                    }
                    case "DELETE /_fault" -> {
                        kinesis.faults(FaultPlan.none());
                        response = json(kinesis.faults());
                    }
                    case "GET /_counters" -> response = kinesis.counters();
                    case "POST /_limits" -> response = limits(body);
                    default -> {
                        status = 404;
                        response = message("No admin path " + route + "; use POST/DELETE /_fault, GET /_counters,"
                                + " POST /_limits");
                    }
                }
            } catch (IllegalArgumentException | KinesisException e) {
                status = 400;
                afterResponse = null;
                response = message(e.getMessage());
            }
            byte[] out = JSON.writeValueAsBytes(response);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
        }
        if (afterResponse != null) {
            afterResponse.run();
        }
    }

    private static FaultPlan plan(JsonNode body) {
        return new FaultPlan(body.path("internalFailureShare").asDouble(0), body.path("throttleShare").asDouble(0),
                body.path("requestErrorShare").asDouble(0), body.path("requestErrorStatus").asInt(503),
                body.path("delayShare").asDouble(0), Duration.ofMillis(body.path("delayMillis").asLong(0)),
                body.path("seed").asLong(0));
    }

    /** The outage starts after the response is sent, so a refused-connections outage does not cut it off. */
    private Runnable outage(JsonNode body) {
        long millis = body.path("outageMillis").asLong(0);
        if (millis <= 0) {
            return null;
        }
        String modeName = body.path("outageMode").asText(OutageMode.SERVICE_UNAVAILABLE.name());
        OutageMode mode;
        try {
            mode = OutageMode.valueOf(modeName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("outageMode '" + modeName + "' is not one of REFUSE_CONNECTIONS,"
                    + " SERVICE_UNAVAILABLE");
        }
        return () -> kinesis.outage(Duration.ofMillis(millis), mode);
    }

    private ObjectNode limits(JsonNode body) {
        JsonNode enforce = body.get("enforce");
        if (enforce == null || !enforce.isBoolean()) {
            throw new IllegalArgumentException("POST /_limits needs {\"enforce\": true|false} and optionally"
                    + " \"stream\"; got " + body);
        }
        String stream = body.path("stream").asText(null);
        if (stream == null) {
            kinesis.enforceLimits(enforce.booleanValue());
        } else {
            kinesis.enforceLimits(stream, enforce.booleanValue());
        }
        return message("per-shard limits " + (enforce.booleanValue() ? "on" : "off") + " for "
                + (stream == null ? "all streams without their own switch" : "stream " + stream));
    }

    private static ObjectNode message(String text) {
        return JSON.createObjectNode().put("message", text);
    }

    private static ObjectNode json(FaultPlan plan) {
        return JSON.createObjectNode().put("internalFailureShare", plan.internalFailureShare())
                .put("throttleShare", plan.throttleShare()).put("requestErrorShare", plan.requestErrorShare())
                .put("requestErrorStatus", plan.requestErrorStatus()).put("delayShare", plan.delayShare())
                .put("delayMillis", plan.delay().toMillis()).put("seed", plan.seed());
    }
}
