package io.slot2kinesis.config;

import io.slot2kinesis.load.LoadConfig;
import io.slot2kinesis.replication.SlotGuard.LostSlotPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** Everything {@code run} needs, parsed and validated once at start. */
public record WorkerConfig(
        DatabaseConfig database,
        String slot,
        String publication,
        LostSlotPolicy slotLost,
        Path tableMappings,
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
        WorkerConfig config = new WorkerConfig(DatabaseConfig.from(values), values.get(Settings.SLOT),
                values.get(Settings.PUBLICATION), values.get(Settings.SLOT_LOST), values.get(Settings.TABLE_MAPPINGS), KinesisConfig.from(values),
                values.get(Settings.FORMAT), values.get(Settings.DMS_VALUES), values.get(Settings.OVERSIZE), values.get(Settings.STATUS_INTERVAL),
                values.get(Settings.HEARTBEAT_INTERVAL), values.get(Settings.PROGRESS_INTERVAL),
                values.get(Settings.METRICS), values.get(Settings.SHUTDOWN_TIMEOUT),
                values.get(Settings.RECONNECT_MAX_BACKOFF), LoadConfig.from(values),
                LargeRecordConfig.from(values, values.get(Settings.OVERSIZE)));
        values.requireValid();
        return config;
    }
}
