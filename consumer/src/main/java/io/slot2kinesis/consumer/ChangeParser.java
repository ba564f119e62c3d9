package io.slot2kinesis.consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads one Kinesis record into a {@link Change}. Recognises the envelope by its shape:
 *
 * <ul>
 *   <li>the DMS envelope ({@code data}, {@code before-image}, {@code metadata}), as DMS writes it and as the
 *       worker writes it by default: {@link DmsEnvelope};
 *   <li>the Debezium change-event value ({@code before}, {@code after}, {@code source}, {@code op}), as the
 *       worker writes it with {@code S2K_FORMAT=debezium}: {@link DebeziumEnvelope}.
 * </ul>
 *
 * A pointer record (the worker's {@code S2K_OVERSIZE=s3}: {@code metadata.large-record} or {@code large_record})
 * is read through the {@link LargeRecordFetcher} given to the parser: the change is the full record stored in S3,
 * checked against the pointer's size and SHA-256.
 *
 * <p>Numbers are read as {@link java.math.BigDecimal}, so a value keeps every digit it was written with. Holds no
 * state of its own apart from the {@link KeyColumns} it learns into; thread-safe.
 */
public final class ChangeParser {
    /**
     * A record from S3 ({@code S2K_OVERSIZE=s3}) may hold one value of up to 1 GB, PostgreSQL's largest; Jackson
     * refuses strings over 20 million characters by default.
     */
    private static final int MAX_STRING_LENGTH = 1 << 30;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_LENGTH).build())
            .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private final KeyColumns keys;
    private final String beforeImageField;
    private final LargeRecordFetcher largeRecords;

    /** A parser that learns key columns from control records and reads DMS's before image from {@code before-image}. */
    public ChangeParser() {
        this(new KeyColumns(), "before-image");
    }

    /**
     * @param keys             the key columns of the tables, declared and learned
     * @param beforeImageField the task setting {@code BeforeImageSettings.FieldName} of a DMS environment
     */
    public ChangeParser(KeyColumns keys, String beforeImageField) {
        this(keys, beforeImageField, null);
    }

    /**
     * @param keys             the key columns of the tables, declared and learned
     * @param beforeImageField the task setting {@code BeforeImageSettings.FieldName} of a DMS environment
     * @param largeRecords     reads the records a pointer record stands for ({@code S2K_OVERSIZE=s3}); null when the
     *                         stream has none (a pointer record then fails with {@link LargeRecordException})
     */
    public ChangeParser(KeyColumns keys, String beforeImageField, LargeRecordFetcher largeRecords) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.beforeImageField = Objects.requireNonNull(beforeImageField, "beforeImageField");
        this.largeRecords = largeRecords;
    }

    /** A default parser that resolves pointer records with {@code largeRecords}, e.g. {@link S3LargeRecordFetcher}. */
    public static ChangeParser resolvingLargeRecords(LargeRecordFetcher largeRecords) {
        return new ChangeParser(new KeyColumns(), "before-image", Objects.requireNonNull(largeRecords, "largeRecords"));
    }

    public KeyColumns keys() {
        return keys;
    }

    /**
     * @param data         the record's data, UTF-8 JSON
     * @param partitionKey the record's partition key; null to use the one the record names
     * @throws UnreadableRecordException when the data is not a change in either envelope
     */
    public Change parse(byte[] data, String partitionKey) {
        JsonNode record;
        try {
            record = JSON.readTree(data);
        } catch (IOException e) {
            throw new UnreadableRecordException("record is not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")",
                    new String(data, StandardCharsets.UTF_8), e);
        }
        return parse(record, partitionKey);
    }

    public Change parse(String data, String partitionKey) {
        return parse(data.getBytes(StandardCharsets.UTF_8), partitionKey);
    }

    /**
     * @throws LargeRecordException when the record is a pointer record whose body cannot be read or is not the one
     *                              the pointer describes
     */
    public Change parse(JsonNode record, String partitionKey) {
        if (record == null || !record.isObject()) {
            throw new UnreadableRecordException("record is not a JSON object", String.valueOf(record), null);
        }
        LargeRecordPointer pointer;
        try {
            pointer = LargeRecordPointer.of(record);
        } catch (IllegalArgumentException e) {
            throw new UnreadableRecordException(e.getMessage(), record.toString(), e);
        }
        if (pointer != null) {
            // The object holds the record exactly as it would have been put; it is never a pointer itself.
            JsonNode full = readFull(pointer.resolve(largeRecords), pointer);
            if (LargeRecordPointer.of(full) != null) {
                throw new LargeRecordException("large record " + pointer.location() + " is itself a pointer", null);
            }
            return parse(full, partitionKey);
        }
        try {
            if (record.has("metadata")) {
                return new DmsEnvelope(this, record, partitionKey).change();
            }
            if (record.has("op") && record.has("source")) {
                return new DebeziumEnvelope(this, record, partitionKey).change();
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new UnreadableRecordException(e.getMessage(), record.toString(), e);
        }
        throw new UnreadableRecordException("record is neither a DMS envelope (no metadata) nor a Debezium"
                + " event (no op and source)", record.toString(), null);
    }

    private static JsonNode readFull(byte[] body, LargeRecordPointer pointer) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new LargeRecordException("large record " + pointer.location() + " is not JSON ("
                    + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
    }

    String beforeImageField() {
        return beforeImageField;
    }

    // Helpers shared by the two envelopes.

    void learnKey(String qualifiedTable, List<String> columns) {
        keys.learn(qualifiedTable, columns);
    }

    /** The key columns' values from the first row that has them all; empty when the key is not known. */
    Map<String, JsonNode> key(String qualifiedTable, Map<String, JsonNode> first, Map<String, JsonNode> second) {
        List<String> columns = keys.of(qualifiedTable);
        if (columns == null) {
            return Map.of();
        }
        for (Map<String, JsonNode> row : Arrays.asList(first, second)) {
            if (row != null && row.keySet().containsAll(columns)) {
                Map<String, JsonNode> key = new LinkedHashMap<>();
                columns.forEach(column -> key.put(column, row.get(column)));
                return key;
            }
        }
        return Map.of();
    }

    static Map<String, JsonNode> row(JsonNode object, String field) {
        if (object == null || object.isNull() || object.isMissingNode()) {
            return null;
        }
        if (!object.isObject()) {
            throw new IllegalArgumentException(field + " is " + object.getNodeType() + ", expected an object");
        }
        Map<String, JsonNode> row = new LinkedHashMap<>();
        object.properties().forEach(e -> row.put(e.getKey(), e.getValue()));
        return row;
    }

    static String text(JsonNode object, String field, String where) {
        JsonNode value = object.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(where + "." + field + " is "
                    + (value == null ? "missing" : value.getNodeType()) + ", expected a string");
        }
        return value.asText();
    }

    static Long number(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToLong()) {
            throw new IllegalArgumentException(field + " is '" + value + "', expected an integer");
        }
        return value.asLong();
    }

    static Instant instant(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : Instant.parse(value.asText());
    }

    static Set<String> strings(JsonNode array) {
        Set<String> names = new LinkedHashSet<>();
        if (array != null && array.isArray()) {
            array.forEach(name -> names.add(name.asText()));
        }
        return names;
    }

    static String lowerCase(String text) {
        return text.toLowerCase(Locale.ROOT);
    }
}
