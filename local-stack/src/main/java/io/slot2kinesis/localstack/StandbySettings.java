package io.slot2kinesis.localstack;

/**
 * How a local physical standby follows its primary.
 *
 * @param name the standby's name: its physical slot on the primary and its {@code application_name}
 * @param syncFailoverSlots PostgreSQL 17+: the standby synchronizes the primary's failover slots
 *     ({@code sync_replication_slots}) and the primary names it in {@code synchronized_standby_slots}, so logical
 *     decoding never gets ahead of what the standby received
 * @param synchronousCommit the primary waits for the standby on every commit ({@code synchronous_standby_names}), so
 *     no commit a client saw succeed is lost when the standby takes over, as on a Multi-AZ instance
 */
public record StandbySettings(String name, boolean syncFailoverSlots, boolean synchronousCommit) {
    public StandbySettings {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("standby name '" + name + "' must be a plain lower-case identifier");
        }
    }

    /** An asynchronous standby that does not synchronize slots: a failover loses every logical slot. */
    public static StandbySettings named(String name) {
        return new StandbySettings(name, false, false);
    }

    public StandbySettings syncingFailoverSlots() {
        return new StandbySettings(name, true, synchronousCommit);
    }

    public StandbySettings synchronous() {
        return new StandbySettings(name, syncFailoverSlots, true);
    }
}
