package io.slot2kinesis.it.target.deployed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.it.target.CaptureMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outputs of {@code cdk deploy --outputs-file}: {@code {"<stack>": {"<output>": "<value>", ...}, ...}}. Outputs
 * are read from every stack in the file; the CDK app must declare them as stack-level {@code CfnOutput}s with exactly
 * the names below (a construct-level id would get a hash suffix).
 */
public record DeploymentOutputs(String streamName, String streamArn, String databaseEndpoint, int databasePort,
        String secretArn, CaptureMode mode, String slotName, String publication) {

    /** System property with the outputs file's path. */
    public static final String FILE_PROPERTY = "s2k.outputs";
    /** System property with the directory Maven was started from (set by the module's pom). */
    public static final String INVOCATION_DIRECTORY_PROPERTY = "s2k.invocationDirectory";
    /** Environment variable with the outputs file's path, when the property is not set. */
    public static final String FILE_VARIABLE = "S2K_OUTPUTS_FILE";

    public static final String STREAM_NAME = "StreamName";
    public static final String STREAM_ARN = "StreamArn";
    public static final String DATABASE_ENDPOINT = "DatabaseEndpoint";
    public static final String DATABASE_PORT = "DatabasePort";
    /** The master login: scenarios create their own tables. */
    public static final String SECRET_ARN = "MasterSecretArn";
    public static final String MODE = "Mode";
    public static final String SLOT_NAME = "SlotName";
    public static final String PUBLICATION = "Publication";
    public static final List<String> REQUIRED = List.of(STREAM_NAME, STREAM_ARN, DATABASE_ENDPOINT, DATABASE_PORT,
            SECRET_ARN, MODE, SLOT_NAME, PUBLICATION);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Finds the outputs file from {@value #FILE_PROPERTY} or {@value #FILE_VARIABLE} and reads it. */
    public static DeploymentOutputs locateAndRead(Map<String, String> properties, Map<String, String> environment) {
        String configured = properties.get(FILE_PROPERTY);
        String source = "system property " + FILE_PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = environment.get(FILE_VARIABLE);
            source = "environment variable " + FILE_VARIABLE;
        }
        if (configured == null || configured.isBlank()) {
            throw new IllegalStateException("s2k.target=deployed needs the outputs of 'cdk deploy --outputs-file"
                    + " <file>': pass -D" + FILE_PROPERTY + "=<file> or set " + FILE_VARIABLE + "=<file>");
        }
        Path file = resolve(configured, properties.get(INVOCATION_DIRECTORY_PROPERTY));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("s2k.target=deployed: the outputs file " + file.toAbsolutePath()
                    + " (from " + source + ") does not exist; write it with 'cdk deploy --outputs-file " + file
                    + "'");
        }
        return read(file);
    }

    /**
     * A relative path means relative to where the user typed the command, not to the module directory the test JVM
     * runs in: {@code cdk deploy --outputs-file cdk-outputs.json} at the repository root writes it there, and the
     * README's test command names it the same way from the same place.
     */
    static Path resolve(String configured, String invocationDirectory) {
        Path file = Path.of(configured);
        if (file.isAbsolute() || invocationDirectory == null || invocationDirectory.isBlank()) {
            return file;
        }
        return Path.of(invocationDirectory).resolve(file).normalize();
    }

    public static DeploymentOutputs read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("the outputs file " + file + " is not JSON: " + e.getMessage(), e);
        }
        return parse(root, file.toString());
    }

    static DeploymentOutputs parse(JsonNode root, String origin) {
        if (root == null || !root.isObject()) {
            throw new IllegalStateException("the outputs file " + origin + " must be a JSON object of stacks, as"
                    + " 'cdk deploy --outputs-file' writes it");
        }
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> stackOf = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> stacks = root.fields(); stacks.hasNext(); ) {
            Map.Entry<String, JsonNode> stack = stacks.next();
            for (Iterator<Map.Entry<String, JsonNode>> outputs = stack.getValue().fields(); outputs.hasNext(); ) {
                Map.Entry<String, JsonNode> output = outputs.next();
                String name = output.getKey();
                String value = output.getValue().asText();
                String earlier = values.putIfAbsent(name, value);
                if (earlier != null && !earlier.equals(value)) {
                    problems.add(name + " differs between stacks " + stackOf.get(name) + " ('" + earlier + "') and "
                            + stack.getKey() + " ('" + value + "')");
                }
                stackOf.putIfAbsent(name, stack.getKey());
            }
        }
        List<String> missing = REQUIRED.stream().filter(name -> values.get(name) == null
                || values.get(name).isBlank()).toList();
        if (!missing.isEmpty()) {
            problems.add("missing output(s) " + missing + " (found " + values.keySet() + ")");
        }
        int port = 0;
        CaptureMode mode = null;
        if (missing.isEmpty()) {
            try {
                port = Integer.parseInt(values.get(DATABASE_PORT).trim());
            } catch (NumberFormatException e) {
                problems.add(DATABASE_PORT + " '" + values.get(DATABASE_PORT) + "' is not a port number");
            }
            try {
                mode = CaptureMode.parse(values.get(MODE));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the outputs file " + origin + " does not describe a deployment: "
                    + String.join("; ", problems));
        }
        return new DeploymentOutputs(values.get(STREAM_NAME), values.get(STREAM_ARN), values.get(DATABASE_ENDPOINT),
                port, values.get(SECRET_ARN), mode, values.get(SLOT_NAME), values.get(PUBLICATION));
    }

    /** The region of the stream, from its ARN ({@code arn:aws:kinesis:<region>:<account>:stream/<name>}). */
    public String region() {
        String[] parts = streamArn.split(":");
        if (parts.length < 6 || !parts[2].equals("kinesis")) {
            throw new IllegalStateException(STREAM_ARN + " '" + streamArn + "' is not a Kinesis stream ARN");
        }
        return parts[3];
    }
}
