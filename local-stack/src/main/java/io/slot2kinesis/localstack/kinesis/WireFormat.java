package io.slot2kinesis.localstack.kinesis;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The two encodings the SDK v2 uses for Kinesis (AWS JSON 1.1 and its default, CBOR 1.1). Both share one
 * document shape; they differ in how blobs travel (base64 text vs byte strings, which Jackson's
 * {@link JsonNode#binaryValue()} hides) and in timestamps (JSON: epoch seconds; CBOR: epoch millis).
 */
enum WireFormat {

    JSON("application/x-amz-json-1.1", new JsonFactory()),
    CBOR("application/x-amz-cbor-1.1", new CBORFactory());

    private final String contentType;
    private final ObjectMapper mapper;

    WireFormat(String contentType, JsonFactory factory) {
        this.contentType = contentType;
        // A 10 MiB record is ~14 M base64 characters in JSON: above Jackson's default string limit.
        factory.setStreamReadConstraints(StreamReadConstraints.builder().maxStringLength(64 << 20).build());
        this.mapper = new ObjectMapper(factory);
    }

    /** CBOR when the request says so; everything else is read as JSON, as the service does for 1.0/1.1. */
    static WireFormat ofContentType(String contentType) {
        return contentType != null && contentType.contains("cbor") ? CBOR : JSON;
    }

    String contentType() {
        return contentType;
    }

    JsonNode read(byte[] body) {
        if (body.length == 0) {
            return mapper.createObjectNode();
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw KinesisException.serialization("Request body must be a " + name() + " object");
            }
            return node;
        } catch (IOException e) {
            throw KinesisException.serialization("Request body is not valid " + name() + ": " + e.getMessage());
        }
    }

    byte[] write(JsonNode document) {
        try {
            return mapper.writeValueAsBytes(document);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode a response as " + name(), e);
        }
    }

    JsonNode timestamp(long epochMillis) {
        return this == CBOR ? LongNode.valueOf(epochMillis) : DoubleNode.valueOf(epochMillis / 1000.0);
    }

    long timestampMillis(JsonNode node) {
        if (node == null || !node.isNumber()) {
            throw KinesisException.invalidArgument("Timestamp must be a number (epoch "
                    + (this == CBOR ? "milliseconds" : "seconds") + "), was " + node);
        }
        return this == CBOR ? node.asLong() : Math.round(node.asDouble() * 1000.0);
    }
}
