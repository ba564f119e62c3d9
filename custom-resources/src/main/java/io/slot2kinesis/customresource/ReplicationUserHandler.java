package io.slot2kinesis.customresource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Lambda handler ({@code Class::method} over streams: no Lambda library) of the replication-user
 * custom resource, called by the CDK Provider framework. Reads the master and replication secrets,
 * never logs them, and answers {@code {"PhysicalResourceId", "Data": {"SlotLsn", "PendingReboot"}}}.
 */
public final class ReplicationUserHandler {
    private static final ObjectMapper JSON = new ObjectMapper();

    public void handleRequest(InputStream input, OutputStream output) throws IOException, SQLException {
        JsonNode event = JSON.readTree(input);
        String requestType = event.path("RequestType").asText();
        JsonNode props = event.path("ResourceProperties");
        String physicalId = physicalId(props);
        log(requestType + " " + physicalId);
        ObjectNode response = JSON.createObjectNode().put("PhysicalResourceId", physicalId);
        ObjectNode data = response.putObject("Data");
        if (requestType.equals("Delete") && !physicalId.equals(event.path("PhysicalResourceId").asText())) {
            // Not an id this handler returned: a Create that failed before answering (database unreachable, ...).
            // Nothing was made under it, so the rollback's Delete has nothing to remove and must not fail.
            log("Delete of " + event.path("PhysicalResourceId").asText() + ": not created by this handler, nothing to remove");
            JSON.writeValue(output, response.put("PhysicalResourceId", event.path("PhysicalResourceId").asText()));
            return;
        }
        try (SecretsManagerClient secrets = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            if (requestType.equals("Delete")) {
                if (!props.path("DropOnDelete").asText().equals("true")) {
                    log("DropOnDelete is false: nothing removed");
                } else {
                    try (Connection db = connect(props, secrets)) {
                        List<String> kept = new ReplicationSetup(db, ReplicationUserHandler::log).remove(spec(props));
                        kept.forEach(k -> log("kept " + k));
                    }
                }
            } else {
                JsonNode replication = secret(secrets, props.path("ReplicationSecretArn").asText());
                try (Connection db = connect(props, secrets)) {
                    ReplicationSetup setup = new ReplicationSetup(db, ReplicationUserHandler::log);
                    String lsn = setup.apply(spec(props), replication.path("password").asText());
                    data.put("SlotLsn", lsn);
                    String pending = pendingRebootMessage(setup.pendingReboot(rebootMinimums(props)),
                            props.path("RebootCommand").asText());
                    log(pending);
                    data.put("PendingReboot", pending);
                }
            }
        }
        JSON.writeValue(output, response);
    }

    /**
     * The database, not the user: a new username is an update in place (the new role is created, the old one kept), so
     * CloudFormation never deletes "the old resource" in the same database and drops the slots the new one reads. A
     * new host or database is a replacement: the old database is cleaned up (with DropOnDelete).
     */
    static String physicalId(JsonNode props) {
        return props.path("Host").asText() + ":" + props.path("Port").asText() + "/" + props.path("Database").asText();
    }

    /**
     * A warning, not a failure: failing would roll the parameter group back to the values the database runs with, and
     * the next deploy would change them again (pending again): the reboot is the way out, not a redeploy.
     */
    static String pendingRebootMessage(List<String> pending, String rebootCommand) {
        if (pending.isEmpty()) {
            return "none: the database runs with its parameter group's replication parameters";
        }
        return "the database runs with older values of static parameters until it is rebooted: " + String.join(", ", pending)
                + ". Reboot it in a quiet moment: " + rebootCommand;
    }

    static java.util.Map<String, Integer> rebootMinimums(JsonNode props) {
        java.util.Map<String, Integer> minimums = new java.util.TreeMap<>();
        props.path("RebootParameters").properties().forEach(e -> minimums.put(e.getKey(), Integer.parseInt(e.getValue().asText())));
        return minimums;
    }

    static ReplicationSpec spec(JsonNode props) throws IOException {
        List<ReplicationSpec.Selection> selections = new ArrayList<>();
        for (JsonNode s : JSON.readTree(props.path("Selections").asText("[]"))) {
            selections.add(new ReplicationSpec.Selection(
                    s.path("action").asText(), s.path("schemaPattern").asText(), s.path("tablePattern").asText()));
        }
        List<String> owned = new ArrayList<>();
        props.path("OwnedSlots").forEach(n -> owned.add(n.asText()));
        List<ReplicationSpec.Group> groups = new ArrayList<>();
        for (JsonNode g : JSON.readTree(props.path("Groups").asText("[]"))) {
            List<ReplicationSpec.Selection> tables = new ArrayList<>();
            for (JsonNode t : g.path("tables")) {
                tables.add(new ReplicationSpec.Selection("include", t.path("schemaPattern").asText(),
                        t.path("tablePattern").asText()));
            }
            groups.add(new ReplicationSpec.Group(g.path("slot").asText(), g.path("publication").asText(),
                    List.copyOf(tables), g.path("isDefault").asBoolean()));
        }
        return new ReplicationSpec(
                props.path("Username").asText(),
                props.path("Slot").asText(),
                props.path("SlotPlugin").asText(),
                props.path("Publication").asText(""),
                List.copyOf(selections),
                List.copyOf(owned),
                props.path("HeartbeatSchema").asText(""),
                List.copyOf(groups));
    }

    private static Connection connect(JsonNode props, SecretsManagerClient secrets) throws SQLException, IOException {
        JsonNode master = secret(secrets, props.path("MasterSecretArn").asText());
        Properties login = new Properties();
        login.setProperty("user", master.path("username").asText());
        login.setProperty("password", master.path("password").asText());
        DatabaseTls tls = DatabaseTls.forThisJar(Path.of(System.getProperty("java.io.tmpdir")));
        log(tls.describe());
        tls.applyTo(login);
        login.setProperty("connectTimeout", "20");
        login.setProperty("ApplicationName", "slot2kinesis-replication-user");
        String url = "jdbc:postgresql://" + props.path("Host").asText() + ":" + props.path("Port").asText()
                + "/" + props.path("Database").asText();
        Connection connection = DriverManager.getConnection(url, login);
        connection.setAutoCommit(true);
        return connection;
    }

    private static JsonNode secret(SecretsManagerClient secrets, String arn) throws IOException {
        return JSON.readTree(secrets.getSecretValue(r -> r.secretId(arn)).secretString());
    }

    private static void log(String line) {
        System.out.println(line);
    }
}
