package io.slot2kinesis.mapping;

import io.slot2kinesis.change.TableId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partition-key policy of every table, from the object-mapping rules. A table no rule matches gets
 * {@link PartitionKeyPolicy#PRIMARY_KEY}, DMS's default. When several rules match a table, the first one in
 * the file wins. Lookups are cached: they happen once per record.
 */
public final class PartitionKeyPolicies {
    /** An object-mapping rule's locator and the policy it sets. */
    public record Entry(ObjectLocator locator, PartitionKeyPolicy policy) {}

    private static final PartitionKeyPolicies DEFAULTS = new PartitionKeyPolicies(List.of());

    private final List<Entry> entries;
    private final Map<TableId, PartitionKeyPolicy> cache = new ConcurrentHashMap<>();

    public PartitionKeyPolicies(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Primary key for every table. */
    public static PartitionKeyPolicies defaults() {
        return DEFAULTS;
    }

    public PartitionKeyPolicy forTable(TableId table) {
        PartitionKeyPolicy cached = cache.get(table);
        if (cached != null) {
            return cached;
        }
        PartitionKeyPolicy found = PartitionKeyPolicy.PRIMARY_KEY;
        for (Entry entry : entries) {
            if (entry.locator().matches(table)) {
                found = entry.policy();
                break;
            }
        }
        cache.put(table, found);
        return found;
    }

    public List<Entry> entries() {
        return entries;
    }
}
