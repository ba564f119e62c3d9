package io.slot2kinesis.it.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.records.Changes;
import io.slot2kinesis.it.records.RecordCheck;
import io.slot2kinesis.it.target.CaptureMode;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.it.target.TargetExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Inserts, updates and deletes of a table with the common PostgreSQL types, checked value by value. */
@ExtendWith(TargetExtension.class)
class RowChangesIT {
    /** Column, SQL literal, the value's JSON in the record (DMS's rendering, the worker's default). */
    private record Value(String column, String sql, String json) {}

    private static final List<String> COLUMNS = List.of("id int PRIMARY KEY", "c_int2 int2", "c_int4 int4",
            "c_int8 int8", "c_numeric numeric", "c_numeric_p numeric(10,2)", "c_real real", "c_double double precision",
            "c_bool boolean", "c_text text", "c_varchar varchar(40)", "c_uuid uuid", "c_date date", "c_time time",
            "c_timestamp timestamp", "c_timestamptz timestamptz", "c_interval interval", "c_bytea bytea",
            "c_json json", "c_jsonb jsonb", "c_int_array int4[]", "c_text_array text[]", "c_mood %MOOD%");

    private static List<Value> first() {
        return List.of(
                new Value("c_int2", "-32768", "-32768"),
                new Value("c_int4", "2147483647", "2147483647"),
                new Value("c_int8", "9223372036854775807", "9223372036854775807"),
                new Value("c_numeric", "123456789012345678901234567890.123456789",
                        "\"123456789012345678901234567890.123456789\""),
                new Value("c_numeric_p", "19.9", "\"19.90\""),
                new Value("c_real", "1.5", "1.5"),
                new Value("c_double", "0.1", "0.1"),
                new Value("c_bool", "true", "\"true\""),
                new Value("c_text", "'say \"hi\" \u00e9\u00e8 \u2603 \\ back'",
                        "\"say \\\"hi\\\" \u00e9\u00e8 \u2603 \\\\ back\""),
                new Value("c_varchar", "'short'", "\"short\""),
                new Value("c_uuid", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'",
                        "\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\""),
                new Value("c_date", "'2024-02-29'", "\"2024-02-29\""),
                new Value("c_time", "'23:59:59.999999'", "\"23:59:59.999999\""),
                new Value("c_timestamp", "'2024-01-02 03:04:05.5'", "\"2024-01-02T03:04:05.5\""),
                new Value("c_timestamptz", "'2024-01-02 03:04:05.123456+02'", "\"2024-01-02T01:04:05.123456Z\""),
                new Value("c_interval", "'1 year 2 months 3 days 04:05:06'", "\"1 year 2 mons 3 days 04:05:06\""),
                new Value("c_bytea", "'\\xdeadbeef00'::bytea", "\"DEADBEEF00\""),
                new Value("c_json", "'{\"a\": [1, 2.5, \"x\"], \"b\": null}'",
                        "\"{\\\"a\\\": [1, 2.5, \\\"x\\\"], \\\"b\\\": null}\""),
                new Value("c_jsonb", "'{\"z\": {\"y\": true}, \"a\": 1}'",
                        "\"{\\\"a\\\": 1, \\\"z\\\": {\\\"y\\\": true}}\""),
                new Value("c_int_array", "'{1,2,NULL,-4}'", "\"{1,2,NULL,-4}\""),
                new Value("c_text_array", "ARRAY['a b', 'NULL', NULL, 'quo\"te']",
                        "\"{\\\"a b\\\",\\\"NULL\\\",NULL,\\\"quo\\\\\\\"te\\\"}\""),
                new Value("c_mood", "'happy'", "\"happy\""));
    }

    /** The values of row 1 after its update; the other columns keep their values. */
    private static List<Value> firstUpdated() {
        return List.of(
                new Value("c_int4", "-1", "-1"),
                new Value("c_numeric", "-0.000000000000000000001", "\"-0.000000000000000000001\""),
                new Value("c_numeric_p", "0", "\"0.00\""),
                new Value("c_bool", "false", "\"false\""),
                new Value("c_text", "''", "\"\""),
                new Value("c_timestamptz", "'1999-12-31 23:30:00-01'", "\"2000-01-01T00:30:00Z\""),
                new Value("c_int_array", "'{}'", "\"{}\""),
                new Value("c_mood", "'sad'", "\"sad\""),
                new Value("c_double", "NULL", "null"));
    }

    @Test
    @Timeout(120)
    void deliversEveryTypeValueByValueThroughInsertsUpdatesAndDeletes(Target target) {
        ScenarioSpec spec = ScenarioSpec.named("types");
        String mood = spec.unique("mood");
        String table = spec.table("all_types");
        spec.setup("CREATE TYPE " + mood + " AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE " + table + " (" + String.join(", ", COLUMNS).replace("%MOOD%", mood) + ")");
        try (Scenario scenario = target.begin(spec)) {
            scenario.execute(insert(table, 1, first()), "INSERT INTO " + table + " (id) VALUES (2)",
                    insert(table, 3, first()));
            scenario.execute(update(table, 1, firstUpdated()), update(table, 2, first()),
                    "DELETE FROM " + table + " WHERE id = 3");

            List<ChangeRecord> records = scenario.awaitChanges(6, Duration.ofSeconds(60));

            Map<Integer, List<ChangeRecord>> byRow = Changes.groupedBy(records, r -> r.intValue("id"));
            assertThat(byRow.keySet()).as("rows with changes; records:\n%s", Changes.describe(records))
                    .containsExactlyInAnyOrder(1, 2, 3);
            List<RecordCheck> checks = new ArrayList<>();
            checks.add(row(scenario.mode(), "row id=1 (insert)", only(byRow, 1, 0, "insert"), 1, values(first())));
            checks.add(row(scenario.mode(), "row id=1 (update)", only(byRow, 1, 1, "update"), 1,
                    merged(first(), firstUpdated())));
            checks.add(row(scenario.mode(), "row id=2 (insert of NULLs)", only(byRow, 2, 0, "insert"), 2,
                    nulls()));
            checks.add(row(scenario.mode(), "row id=2 (update from NULLs)", only(byRow, 2, 1, "update"), 2,
                    values(first())));
            checks.add(row(scenario.mode(), "row id=3 (insert)", only(byRow, 3, 0, "insert"), 3, values(first())));
            ChangeRecord delete = only(byRow, 3, 1, "delete");
            checks.add(RecordCheck.of("row id=3 (delete)", delete, scenario.mode())
                    .json("data.id", "3").fields("data", java.util.Set.of("id"))
                    .text("metadata.record-type", "data").text("metadata.schema-name", "public")
                    .text("metadata.table-name", table));
            RecordCheck.verifyAll(checks);
            assertThat(byRow.values()).allSatisfy(changes -> assertThat(changes).hasSize(2));
        }
    }

    private static ChangeRecord only(Map<Integer, List<ChangeRecord>> byRow, int id, int index, String operation) {
        List<ChangeRecord> changes = byRow.get(id);
        assertThat(changes).as("changes of row id=%d", id).hasSizeGreaterThan(index);
        ChangeRecord record = changes.get(index);
        assertThat(record.operation()).as("operation of change %d of row id=%d: %s", index + 1, id, record)
                .isEqualTo(operation);
        return record;
    }

    private static RecordCheck row(CaptureMode mode, String what, ChangeRecord record, int id,
            Map<String, String> expected) {
        RecordCheck check = RecordCheck.of(what, record, mode).json("data.id", Integer.toString(id))
                .text("metadata.record-type", "data").text("metadata.schema-name", "public")
                .text("metadata.table-name", record.table());
        java.util.Set<String> columns = new java.util.HashSet<>(expected.keySet());
        columns.add("id");
        check.fields("data", columns);
        expected.forEach((column, json) -> check.json("data." + column, json));
        return check;
    }

    private static Map<String, String> values(List<Value> values) {
        Map<String, String> map = new LinkedHashMap<>();
        values.forEach(v -> map.put(v.column(), v.json()));
        return map;
    }

    private static Map<String, String> merged(List<Value> base, List<Value> changes) {
        Map<String, String> map = values(base);
        map.putAll(values(changes));
        return map;
    }

    private static Map<String, String> nulls() {
        Map<String, String> map = new LinkedHashMap<>();
        first().forEach(v -> map.put(v.column(), "null"));
        return map;
    }

    private static String insert(String table, int id, List<Value> values) {
        return "INSERT INTO " + table + " (id, " + String.join(", ", values.stream().map(Value::column).toList())
                + ") VALUES (" + id + ", " + String.join(", ", values.stream().map(Value::sql).toList()) + ")";
    }

    private static String update(String table, int id, List<Value> values) {
        return "UPDATE " + table + " SET " + String.join(", ", values.stream().map(v -> v.column() + " = " + v.sql())
                .toList()) + " WHERE id = " + id;
    }
}
