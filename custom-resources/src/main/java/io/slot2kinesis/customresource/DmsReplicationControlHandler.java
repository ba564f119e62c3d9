package io.slot2kinesis.customresource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.databasemigration.DatabaseMigrationClient;

/**
 * Lambda handlers ({@code Class::method} over streams) of the DMS replication control, for the CDK Provider
 * framework: {@code onEvent} answers {@code {"PhysicalResourceId", "Data"}}, {@code isComplete} answers
 * {@code {"IsComplete"}} and gets the event plus onEvent's answer.
 */
public final class DmsReplicationControlHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static DatabaseMigrationClient client;

    public void onEvent(InputStream input, OutputStream output) throws IOException {
        JsonNode event = JSON.readTree(input);
        DmsReplicationControl.Response response = control().onEvent(
                event.path("RequestType").asText(), event.path("PhysicalResourceId").asText(""), props(event));
        ObjectNode out = JSON.createObjectNode().put("PhysicalResourceId", response.physicalId());
        ObjectNode data = out.putObject("Data");
        response.data().forEach(data::put);
        JSON.writeValue(output, out);
    }

    public void isComplete(InputStream input, OutputStream output) throws IOException {
        JsonNode event = JSON.readTree(input);
        Map<String, String> data = new LinkedHashMap<>();
        event.path("Data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
        boolean complete = control().isComplete(
                event.path("RequestType").asText(), event.path("PhysicalResourceId").asText(""), props(event), data);
        JSON.writeValue(output, JSON.createObjectNode().put("IsComplete", complete));
    }

    static DmsReplicationControl.Props props(JsonNode event) {
        JsonNode p = event.path("ResourceProperties");
        return new DmsReplicationControl.Props(
                p.path("Action").asText(), p.path("ReplicationConfigId").asText(), p.path("Fingerprint").asText());
    }

    private static synchronized DmsReplicationControl control() {
        if (client == null) {
            client = DatabaseMigrationClient.builder().httpClient(UrlConnectionHttpClient.create()).build();
        }
        return new DmsReplicationControl(client, Clock.systemUTC(), System.out::println);
    }
}
