package io.slot2kinesis.it.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.Header;
import io.debezium.engine.format.Json;
import io.debezium.engine.format.KeyValueHeaderChangeEventFormat;
import io.slot2kinesis.it.records.ChangeRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Debezium's PostgreSQL connector in this JVM (the embedded engine), on its own slot and publication of the same
 * database: the peer a differential test compares the worker's {@code debezium} records with. Its values are
 * Debezium's JSON converter output with schemas disabled.
 */
public final class DebeziumPeer implements AutoCloseable {
    /**
     * The field each event's Kafka headers are put in (header name to value, JSON where the value is JSON), when it
     * has any: Debezium sends {@code __debezium.newkey} and {@code __debezium.oldkey} as headers.
     */
    public static final String HEADERS = "__headers";

    private final DebeziumEngine<ChangeEvent<String, String>> engine;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "debezium-peer");
        thread.setDaemon(true);
        return thread;
    });
    private final List<JsonNode> events = new ArrayList<>();
    private volatile Throwable failure;

    /**
     * Starts the engine with {@code settings} on top of the connection and slot: no snapshot, JSON converter
     * without schemas, offsets in memory, the given slot and an existing publication.
     *
     * @param jdbcUrl {@code jdbc:postgresql://host:port/db}
     */
    public DebeziumPeer(String jdbcUrl, String user, String slot, String publication, Set<String> tables,
            Map<String, String> settings) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        Properties props = new Properties();
        props.setProperty("name", slot);
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        props.setProperty("offset.flush.interval.ms", "60000");
        props.setProperty("database.hostname", uri.getHost());
        props.setProperty("database.port", Integer.toString(uri.getPort()));
        props.setProperty("database.user", user);
        props.setProperty("database.password", "");
        props.setProperty("database.dbname", uri.getPath().substring(1));
        props.setProperty("topic.prefix", "peer");
        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", slot);
        props.setProperty("publication.name", publication);
        props.setProperty("publication.autocreate.mode", "disabled");
        props.setProperty("table.include.list", String.join(",", tables.stream().map(t -> "public\\." + t).toList()));
        props.setProperty("snapshot.mode", "no_data");
        props.setProperty("converter.schemas.enable", "false");
        props.setProperty("key.converter.schemas.enable", "false");
        props.setProperty("value.converter.schemas.enable", "false");
        props.setProperty("tombstones.on.delete", "false");
        settings.forEach(props::setProperty);
        // headers too (Debezium's newkey and oldkey), converted only when the format names one
        engine = DebeziumEngine.create(KeyValueHeaderChangeEventFormat.of(Json.class, Json.class, Json.class))
                .using(props)
                .using((success, message, error) -> {
                    if (!success) {
                        failure = error != null ? error : new IllegalStateException(message);
                    }
                })
                .notifying(event -> {
                    if (event.value() != null) {
                        add(event.value(), event.headers());
                    }
                }).build();
        executor.execute(engine);
    }

    private void add(String value, List<Header<Object>> headers) {
        try {
            JsonNode json = ChangeRecord.JSON.readTree(value);
            if (!headers.isEmpty() && json instanceof ObjectNode object) {
                ObjectNode fields = object.putObject(HEADERS);
                for (Header<Object> header : headers) {
                    fields.set(header.getKey(), header(header.getValue()));
                }
            }
            synchronized (events) {
                events.add(json);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Debezium wrote a value that is not JSON: " + value, e);
        }
    }

    private static JsonNode header(Object value) throws IOException {
        String text = value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
        try {
            return ChangeRecord.JSON.readTree(text);
        } catch (IOException notJson) {
            return ChangeRecord.JSON.getNodeFactory().textNode(text);
        }
    }

    /** Waits until {@code count} events arrived; returns them in arrival (commit) order. */
    public List<JsonNode> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<JsonNode> now = events();
            if (now.size() >= count) {
                return now;
            }
            if (failure != null) {
                throw new AssertionError("the Debezium engine stopped: " + failure.getMessage(), failure);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Debezium delivered " + now.size() + " of " + count + " events within "
                        + timeout + ": " + now);
            }
            Thread.sleep(100);
        }
    }

    public List<JsonNode> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        engine.close();
        executor.shutdown();
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
