package io.slot2kinesis.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A reusable output buffer and the streaming generator writing into it; one per format instance.
 *
 * <p>The generator lives as long as the buffer: each record is one root-level JSON value, written with no separator
 * before it (Jackson writes a space between root values by default), flushed and taken out of the buffer. Creating a
 * generator per record cost a generator, its write context and I/O context on every record. A record whose writing
 * failed half-way leaves the generator inside an object, so the next record gets a new one.
 */
final class RecordBuffer {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
    private JsonGenerator generator;
    private boolean writing;

    JsonGenerator open() {
        if (generator == null || writing) {
            bytes.reset();
            try {
                generator = FACTORY.createGenerator(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            generator.setRootValueSeparator(null);
        }
        writing = true;
        return generator;
    }

    /** The record written since {@link #open()}; the generator stays open for the next one. */
    byte[] close(JsonGenerator generator) throws IOException {
        generator.flush();
        byte[] data = bytes.toByteArray();
        bytes.reset();
        writing = false;
        return data;
    }
}
