package io.slot2kinesis.config;

/**
 * {@code S2K_DMS_VALUES}: how the {@code dms} format renders json/jsonb, arrays and bytea. Ignored by
 * {@code S2K_FORMAT=debezium}.
 */
public enum DmsValues {
    /**
     * As AWS DMS writes them under the CDK app's endpoint settings: json/jsonb as their text (a string), arrays as
     * PostgreSQL's text ({@code "{1,2,NULL}"}), bytea as upper-case hex without a prefix ({@code NoHexPrefix=true}).
     * A consumer cannot tell the worker from DMS.
     */
    DMS,
    /**
     * Richer, for consumers that only ever read the worker: json/jsonb embedded as JSON, arrays as JSON arrays,
     * bytea as {@code 0x}-prefixed hex (DMS's default without {@code NoHexPrefix}).
     */
    RICH
}
