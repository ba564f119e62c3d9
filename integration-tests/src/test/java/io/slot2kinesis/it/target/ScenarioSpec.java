package io.slot2kinesis.it.target;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a scenario needs from a target: its tables (named uniquely, so scenarios never see each other's records),
 * the SQL that creates them, and how much it will push through Kinesis.
 */
public final class ScenarioSpec {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    /** How much a scenario writes; a local target sends heavy scenarios to a faster Kinesis endpoint. */
    public enum Load {
        /** At most a few thousand records: any endpoint will do. */
        LIGHT,
        /** Volume or Kinesis faults: needs an endpoint that is fast, enforces limits and injects faults. */
        HEAVY
    }

    private final String name;
    private final String suffix;
    private final Set<String> tables = new LinkedHashSet<>();
    private final List<String> setup = new ArrayList<>();
    private final Map<String, String> workerSettings = new LinkedHashMap<>();
    private Load load = Load.LIGHT;
    private int shards = 2;

    private ScenarioSpec(String name) {
        this.name = name;
        this.suffix = "s" + ProcessHandle.current().pid() % 10_000 + "_" + COUNTER.incrementAndGet();
    }

    public static ScenarioSpec named(String name) {
        return new ScenarioSpec(name);
    }

    /** The scenario's own name for a table, e.g. {@code orders_s123_4}; its changes are the ones read. */
    public String table(String base) {
        String table = base + "_" + suffix;
        tables.add(table);
        return table;
    }

    /** A name unique to the scenario for something that is not a table (a type, a stream, a slot). */
    public String unique(String base) {
        return base + "_" + suffix;
    }

    public ScenarioSpec setup(String... statements) {
        setup.addAll(List.of(statements));
        return this;
    }

    /**
     * A worker setting this scenario needs (e.g. {@code S2K_FORMAT=debezium}), on every start of its worker. Only a
     * local target starts the worker; a deployed one runs as deployed.
     */
    public ScenarioSpec workerSetting(String name, String value) {
        workerSettings.put(name, value);
        return this;
    }

    public Map<String, String> workerSettings() {
        return Map.copyOf(workerSettings);
    }

    public ScenarioSpec load(Load newLoad) {
        this.load = newLoad;
        return this;
    }

    public ScenarioSpec shards(int count) {
        this.shards = count;
        return this;
    }

    public String name() {
        return name;
    }

    public Set<String> tables() {
        return Collections.unmodifiableSet(tables);
    }

    public List<String> setupStatements() {
        return List.copyOf(setup);
    }

    public Load load() {
        return load;
    }

    public int shards() {
        return shards;
    }

    @Override
    public String toString() {
        return name + " (tables " + tables + ")";
    }
}
