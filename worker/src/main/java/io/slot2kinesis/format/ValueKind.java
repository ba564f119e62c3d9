package io.slot2kinesis.format;

/** How a column's PostgreSQL text value becomes JSON. */
enum ValueKind {
    /** int2, int4, int8, oid, xid, xid8: the text is already a JSON number. */
    INTEGER,
    /** float4, float8: a number, except NaN and ±Infinity, which JSON cannot hold and stay strings. */
    FLOAT,
    /** numeric: a string with every digit, since consumers' doubles would round them. */
    EXACT_NUMBER,
    /** money: like numeric, once the currency symbol and group separators are stripped ({@link Money}). */
    MONEY,
    BOOLEAN,
    DATE,
    TIME,
    TIMETZ,
    TIMESTAMP,
    TIMESTAMPTZ,
    BYTEA,
    /** json, jsonb: embedded as JSON. */
    JSON,
    ARRAY,
    /** Everything else (text, varchar, uuid, enums, inet, interval, ranges, ...): the text as a string. */
    STRING
}
