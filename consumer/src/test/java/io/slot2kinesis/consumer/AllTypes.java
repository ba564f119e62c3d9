package io.slot2kinesis.consumer;

import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The table of the integration scenario RowChangesIT, {@code public.all_types}, with the text PostgreSQL sends for
 * its values (pgoutput's text form, server TimeZone UTC).
 */
final class AllTypes {
    /** Columns whose worker rendering differs from DMS's, each with its reason in docs/consumers.md. */
    static final Set<String> DIFFERENT = Set.of("c_numeric");

    static final TableSchema TABLE = WorkerRecords.table("all_types", ReplicaIdentity.DEFAULT, List.of(
            new Column("id", 23, "int4", -1, true),
            new Column("c_int2", 21, "int2", -1, false),
            new Column("c_int4", 23, "int4", -1, false),
            new Column("c_int8", 20, "int8", -1, false),
            new Column("c_numeric", 1700, "numeric", -1, false),
            new Column("c_numeric_p", 1700, "numeric", 655366, false),
            new Column("c_real", 700, "float4", -1, false),
            new Column("c_double", 701, "float8", -1, false),
            new Column("c_bool", 16, "bool", -1, false),
            new Column("c_text", 25, "text", -1, false),
            new Column("c_varchar", 1043, "varchar", 44, false),
            new Column("c_uuid", 2950, "uuid", -1, false),
            new Column("c_date", 1082, "date", -1, false),
            new Column("c_time", 1083, "time", -1, false),
            new Column("c_timestamp", 1114, "timestamp", -1, false),
            new Column("c_timestamptz", 1184, "timestamptz", -1, false),
            new Column("c_interval", 1186, "interval", -1, false),
            new Column("c_bytea", 17, "bytea", -1, false),
            new Column("c_json", 114, "json", -1, false),
            new Column("c_jsonb", 3802, "jsonb", -1, false),
            new Column("c_int_array", 1007, "_int4", -1, false),
            new Column("c_text_array", 1009, "_text", -1, false),
            new Column("c_mood", 16500, "mood", -1, false)));

    private AllTypes() {}

    /** Row 1 as inserted. */
    static String[] first(String id) {
        return new String[] {id, "-32768", "2147483647", "9223372036854775807", "1234.5", "19.90", "1.5", "0.1",
            "t", "say \"hi\" \u00e9\u00e8 \u2603 \\ back", "short", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
            "2024-02-29", "23:59:59.999999", "2024-01-02 03:04:05.5", "2024-01-02 01:04:05.123456+00",
            "1 year 2 mons 3 days 04:05:06", "\\xdeadbeef00", "{\"a\": [1, 2.5, \"x\"], \"b\": null}",
            "{\"a\": 1, \"z\": {\"y\": true}}", "{1,2,NULL,-4}", "{\"a b\",\"NULL\",NULL,\"quo\\\"te\"}", "happy"};
    }

    /** Row 1 after its update: new key 5, and the values RowChangesIT changes. */
    static String[] firstUpdated() {
        String[] values = first("5");
        values[2] = "-1";
        values[7] = null;
        values[8] = "f";
        values[9] = "";
        values[15] = "2000-01-01 00:30:00+00";
        values[20] = "{}";
        values[22] = "sad";
        return values;
    }

    /** A row with only a key, or the old key PostgreSQL sends under REPLICA IDENTITY DEFAULT. */
    static Row keyOnly(String id) {
        String[] values = new String[TABLE.columns().size()];
        values[0] = id;
        return Row.of(values);
    }

    static Row row(String... values) {
        return Row.of(Arrays.copyOf(values, values.length));
    }

    static List<String> columnNames() {
        List<String> names = new ArrayList<>();
        TABLE.columns().forEach(column -> names.add(column.name()));
        return names;
    }
}
