package io.slot2kinesis.largerecord;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.slot2kinesis.config.RecordFormatName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * Turns a record too large for the stream into its pointer record: the same envelope and metadata (so consumers
 * order and de-duplicate it by position as before), the row data left out, and a pointer to the object holding the
 * full record.
 *
 * <ul>
 *   <li>{@code dms}: {@code data} and {@code before-image} are left out; {@code metadata.large-record} is
 *       {@code {"bucket", "key", "size", "sha256"}}.
 *   <li>{@code debezium}: {@code before} and {@code after} are null; the top-level {@code large_record} is
 *       {@code {"bucket", "key", "size", "sha256"}}.
 * </ul>
 *
 * {@code size} is the object's length in bytes, {@code sha256} its SHA-256 digest in lowercase hex. The object holds
 * exactly the record that would have been put: parsing it gives the full change.
 */
public final class PointerRecords {
    /** The pointer's field name in the dms format, inside {@code metadata}. */
    public static final String DMS_FIELD = "large-record";
    /** The pointer's field name in the debezium format, at the top level. */
    public static final String DEBEZIUM_FIELD = "large_record";

    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> DMS_ROW_FIELDS = Set.of("data", "before-image");
    private static final Set<String> DEBEZIUM_ROW_FIELDS = Set.of("before", "after");

    private final RecordFormatName format;

    public PointerRecords(RecordFormatName format) {
        this.format = format;
    }

    /** The pointer record standing in for {@code record} (a JSON object), whose body is at {@code pointer}. */
    public byte[] pointerRecord(byte[] record, LargeRecordPointer pointer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        try (JsonParser in = JSON.createParser(record); JsonGenerator out = JSON.createGenerator(bytes)) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("a record is a JSON object");
            }
            out.writeStartObject();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                String name = in.currentName();
                in.nextToken();
                if (format == RecordFormatName.DMS) {
                    copyDmsField(name, in, out, pointer);
                } else {
                    copyDebeziumField(name, in, out);
                }
            }
            if (format == RecordFormatName.DEBEZIUM) {
                out.writeFieldName(DEBEZIUM_FIELD);
                writePointer(out, pointer);
            }
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the pointer record for " + pointer.location(), e);
        }
        return bytes.toByteArray();
    }

    private static void copyDmsField(String name, JsonParser in, JsonGenerator out, LargeRecordPointer pointer)
            throws IOException {
        if (DMS_ROW_FIELDS.contains(name)) {
            in.skipChildren();
        } else if (name.equals("metadata") && in.currentToken() == JsonToken.START_OBJECT) {
            out.writeFieldName(name);
            out.writeStartObject();
            while (in.nextToken() == JsonToken.FIELD_NAME) {
                out.writeFieldName(in.currentName());
                in.nextToken();
                out.copyCurrentStructure(in);
            }
            out.writeFieldName(DMS_FIELD);
            writePointer(out, pointer);
            out.writeEndObject();
        } else {
            out.writeFieldName(name);
            out.copyCurrentStructure(in);
        }
    }

    private static void copyDebeziumField(String name, JsonParser in, JsonGenerator out) throws IOException {
        out.writeFieldName(name);
        if (DEBEZIUM_ROW_FIELDS.contains(name)) {
            in.skipChildren();
            out.writeNull();
        } else {
            out.copyCurrentStructure(in);
        }
    }

    private static void writePointer(JsonGenerator out, LargeRecordPointer pointer) throws IOException {
        out.writeStartObject();
        out.writeStringField("bucket", pointer.bucket());
        out.writeStringField("key", pointer.key());
        out.writeNumberField("size", pointer.size());
        out.writeStringField("sha256", pointer.sha256());
        out.writeEndObject();
    }
}
