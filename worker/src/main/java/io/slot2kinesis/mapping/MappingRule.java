package io.slot2kinesis.mapping;

import java.util.List;

/**
 * One rule of a table-mapping file, after structural validation.
 *
 * @param locator    the rule's object locator
 * @param workerGaps what this rule asks for that DMS honours but the worker does not, in words such as
 *                   {@code a transformation rule (rule-action 'rename')}; empty when the worker honours it
 */
public record MappingRule(RuleRef ref, RuleType type, String action, ObjectLocator locator, List<String> workerGaps) {
    public MappingRule {
        workerGaps = List.copyOf(workerGaps);
    }
}
