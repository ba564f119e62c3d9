package io.slot2kinesis.load;

import io.slot2kinesis.change.TableId;
import io.slot2kinesis.config.SettingValues;
import io.slot2kinesis.config.Settings;

/**
 * The settings of initial loads and backfills.
 *
 * @param rowsPerSecond most rows read per second, 0 for no limit
 * @param chunkRows     rows per backfill chunk
 * @param signalTable   where backfill requests and their progress live
 */
public record LoadConfig(InitialLoadMode initialLoad, int rowsPerSecond, int chunkRows, TableId signalTable) {

    /** Reads the load settings; problems are added to {@code values}, which reports them with the rest. */
    public static LoadConfig from(SettingValues values) {
        String signal = values.get(Settings.SIGNAL_TABLE);
        TableId signalTable = null;
        if (signal != null) {
            try {
                signalTable = parseTable(signal);
            } catch (IllegalArgumentException e) {
                values.problem(Settings.SIGNAL_TABLE.name() + " '" + signal + "' " + e.getMessage());
            }
        }
        Integer chunkRows = values.get(Settings.LOAD_CHUNK_ROWS);
        Integer rate = values.get(Settings.LOAD_ROWS_PER_SECOND);
        return new LoadConfig(values.get(Settings.INITIAL_LOAD), rate == null ? 0 : rate,
                chunkRows == null ? 1024 : chunkRows, signalTable);
    }

    /** {@code schema.name} (or a bare name, in {@code public}), unquoted and case-sensitive as stored. */
    public static TableId parseTable(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length > 2 || parts[0].isEmpty() || parts[parts.length - 1].isEmpty()) {
            throw new IllegalArgumentException("is not a table name: use schema.table, e.g. public.orders");
        }
        return parts.length == 1 ? new TableId("public", parts[0]) : new TableId(parts[0], parts[1]);
    }
}
