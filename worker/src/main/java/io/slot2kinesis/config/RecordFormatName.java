package io.slot2kinesis.config;

/** {@code S2K_FORMAT}: the record envelope written to the stream. */
public enum RecordFormatName { DMS, DEBEZIUM }
