package io.slot2kinesis.mapping;

import io.slot2kinesis.change.TableId;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed DMS table-mapping file ({@code dms-mappings/table-mappings.json}): the one description of which
 * tables are streamed and how they are keyed, shared by both modes. {@link #parse} does the structural
 * checks that the CDK app also runs at synth; {@link #requireWorkerSupport()} adds the checks only worker
 * mode needs.
 */
public final class TableMappings {
    private final String sourceName;
    private final List<MappingRule> rules;
    private final TableSelection selection;
    private final PartitionKeyPolicies partitionKeys;

    TableMappings(String sourceName, List<MappingRule> rules, TableSelection selection,
            PartitionKeyPolicies partitionKeys) {
        this.sourceName = sourceName;
        this.rules = List.copyOf(rules);
        this.selection = selection;
        this.partitionKeys = partitionKeys;
    }

    /**
     * Parses and validates a mapping file.
     *
     * @param sourceName how the file is named in messages, e.g. {@code dms-mappings/table-mappings.json}
     * @throws TableMappingException naming the file, the rule and what is allowed
     */
    public static TableMappings parse(String json, String sourceName) {
        return new TableMappingParser(sourceName).parse(json);
    }

    public String sourceName() {
        return sourceName;
    }

    public List<MappingRule> rules() {
        return rules;
    }

    public TableSelection selection() {
        return selection;
    }

    public boolean selects(TableId table) {
        return selection.selects(table);
    }

    public PartitionKeyPolicies partitionKeys() {
        return partitionKeys;
    }

    /**
     * Every rule the worker cannot honour, one line each; empty when worker mode behaves as DMS mode would.
     */
    public List<String> workerSupportProblems() {
        List<String> problems = new ArrayList<>();
        for (MappingRule rule : rules) {
            for (String gap : rule.workerGaps()) {
                problems.add(sourceName + ": " + rule.ref().describe() + ": " + gap
                        + " is honoured in DMS mode but not in worker mode: remove it, or deploy with mode=dms");
            }
        }
        return problems;
    }

    /**
     * Refuses, at worker start, a mapping the worker would silently apply differently from DMS.
     *
     * @throws UnsupportedMappingException listing every such rule
     */
    public void requireWorkerSupport() {
        List<String> problems = workerSupportProblems();
        if (!problems.isEmpty()) {
            throw new UnsupportedMappingException(problems);
        }
    }
}
