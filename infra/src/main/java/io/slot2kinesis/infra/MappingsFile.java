package io.slot2kinesis.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.config.FileDigest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import io.slot2kinesis.mapping.RuleType;
import io.slot2kinesis.mapping.TableMappingException;
import io.slot2kinesis.mapping.TableMappings;

/**
 * The DMS table mappings both modes use, checked at synth: valid JSON, a {@code rules} array, known
 * rule types and actions, unique rule ids, at least one include. Errors name the file and the rule.
 */
public final class MappingsFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One selection rule's object locator; patterns use DMS wildcards {@code %} and {@code _}. */
    public record Selection(String action, String schemaPattern, String tablePattern) {
    }

    private final String source;
    private final Map<String, Object> mappings;
    private final List<Selection> selections;
    private final String sha256;

    private MappingsFile(String source, Map<String, Object> mappings, List<Selection> selections, String sha256) {
        this.source = source;
        this.mappings = mappings;
        this.selections = selections;
        this.sha256 = sha256;
    }

    public static MappingsFile read(Path file) {
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("table mappings " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Validates with the worker's own parser, so both modes accept exactly the same files and report the same
     * rule-naming errors.
     */
    public static MappingsFile parse(String json, String source) {
        TableMappings parsed;
        try {
            parsed = TableMappings.parse(json, source);
        } catch (TableMappingException e) {
            throw new IllegalArgumentException("table mappings " + e.getMessage(), e);
        }
        List<Selection> selections = parsed.rules().stream()
                .filter(rule -> rule.type() == RuleType.SELECTION)
                .map(rule -> new Selection(rule.action(), rule.locator().schemaName(), rule.locator().tableName()))
                .toList();
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> asMap = JSON.readValue(json, Map.class);
            return new MappingsFile(source, asMap, selections,
                    FileDigest.sha256(json.getBytes(StandardCharsets.UTF_8)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("table mappings " + source + " passed validation but cannot be read", e);
        }
    }

    public String source() {
        return source;
    }

    /** The mappings as a JSON object, for {@code CfnReplicationConfig.tableMappings}. */
    public Map<String, Object> asObject() {
        return mappings;
    }

    /** SHA-256 of the file as read, which the worker checks its copy in the image against. */
    public String sha256() {
        return sha256;
    }

    public List<Selection> selections() {
        return selections;
    }

    /** The selection rules as one compact JSON string, a property of the replication-user custom resource. */
    public String selectionsJson() {
        try {
            return JSON.writeValueAsString(selections);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
