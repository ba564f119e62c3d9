package io.slot2kinesis.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A reusable output buffer and the streaming generator writing into it; one per format instance. */
final class RecordBuffer {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final ByteArrayBuilder bytes = new ByteArrayBuilder(1024);

    JsonGenerator open() {
        bytes.reset();
        try {
            return FACTORY.createGenerator(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] close(JsonGenerator generator) throws IOException {
        generator.close();
        return bytes.toByteArray();
    }
}
