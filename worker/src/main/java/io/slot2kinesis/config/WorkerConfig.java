package io.slot2kinesis.config;

import io.slot2kinesis.load.LoadConfig;
import io.slot2kinesis.mapping.TableGroups;
import io.slot2kinesis.replication.PublicationSetup;
import io.slot2kinesis.replication.SlotGuard.LostSlotPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Everything {@code run} needs, parsed and validated once at start. With table groups ({@code S2K_TABLE_GROUPS} and
 * {@code S2K_GROUP}), {@link #slot()} and {@link #publication()} are the group's: {@code <S2K_SLOT>_<group>} and
 * {@code <S2K_PUBLICATION>_<group>} ({@link TableGroups#nameFor}), the names the CDK app's alarms use too.
 */
public record WorkerConfig(
        DatabaseConfig database,
        String slot,
        String publication,
        LostSlotPolicy slotLost,
        Path tableMappings,
        Path tableGroups,
        String group,
        KinesisConfig kinesis,
        RecordFormatName format,
        DmsValues dmsValues,
        OversizePolicy oversize,
        Duration statusInterval,
        Duration heartbeatInterval,
        Duration progressInterval,
        MetricsOutput metrics,
        Duration shutdownTimeout,
        Duration reconnectMaxBackoff,
        LoadConfig load,
        LargeRecordConfig largeRecords) {

    /** Parses and validates; throws {@link ConfigException} listing every problem. */
    public static WorkerConfig load(Map<String, String> environment, Map<String, String> options) {
        SettingValues values = new SettingValues(environment, options);
        String group = values.get(Settings.GROUP);
        Path tableGroups = values.get(Settings.TABLE_GROUPS);
        WorkerConfig config = new WorkerConfig(DatabaseConfig.from(values), groupName(values, Settings.SLOT, group, 0),
                groupName(values, Settings.PUBLICATION, group, PublicationSetup.INSERT_ONLY_SUFFIX.length()),
                values.get(Settings.SLOT_LOST), values.get(Settings.TABLE_MAPPINGS), tableGroups, group,
                KinesisConfig.from(values),
                values.get(Settings.FORMAT), values.get(Settings.DMS_VALUES), values.get(Settings.OVERSIZE), values.get(Settings.STATUS_INTERVAL),
                values.get(Settings.HEARTBEAT_INTERVAL), values.get(Settings.PROGRESS_INTERVAL),
                values.get(Settings.METRICS), values.get(Settings.SHUTDOWN_TIMEOUT),
                values.get(Settings.RECONNECT_MAX_BACKOFF), LoadConfig.from(values),
                LargeRecordConfig.from(values, values.get(Settings.OVERSIZE)));
        boolean groupsFileGiven = values.raw(Settings.TABLE_GROUPS.name()) != null;
        if (groupsFileGiven != (values.raw(Settings.GROUP.name()) != null)) {
            values.problem(groupsFileGiven ? Settings.GROUP.name() + " is required with " + Settings.TABLE_GROUPS.name()
                    + ": name the group this worker streams" : Settings.GROUP.name() + " needs "
                    + Settings.TABLE_GROUPS.name() + ", the table groups file that defines the group");
        }
        FileDigest.require(values, Settings.TABLE_MAPPINGS, Settings.TABLE_MAPPINGS_SHA256);
        FileDigest.require(values, Settings.TABLE_GROUPS, Settings.TABLE_GROUPS_SHA256);
        values.requireValid();
        return config;
    }

    /** S2K_SLOT or S2K_PUBLICATION, with {@code _<group>} when a group is set; a name too long is a problem. */
    private static String groupName(SettingValues values, Setting<String> base, String group, int suffixBytes) {
        String name = values.get(base);
        if (name == null || group == null) {
            return name;
        }
        String grouped = TableGroups.nameFor(name, group);
        if (grouped.length() + suffixBytes > Parsers.MAX_NAME_BYTES) {
            values.problem(base.name() + " '" + name + "' with S2K_GROUP '" + group + "' makes '" + grouped + "', "
                    + grouped.length() + " bytes: at most " + (Parsers.MAX_NAME_BYTES - suffixBytes) + " are allowed"
                    + (suffixBytes == 0 ? "" : " (the worker also creates '" + grouped
                    + PublicationSetup.INSERT_ONLY_SUFFIX + "')") + "; shorten " + base.name() + " or the group name");
        }
        return grouped;
    }

    /** The slot of another group of the same deployment (for {@code check}); null without groups. */
    public String slotOfGroup(String otherGroup) {
        if (group == null) {
            return null;
        }
        return TableGroups.nameFor(slot.substring(0, slot.length() - group.length() - 1), otherGroup);
    }
}
