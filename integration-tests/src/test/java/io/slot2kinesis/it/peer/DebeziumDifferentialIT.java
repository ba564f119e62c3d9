package io.slot2kinesis.it.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.slot2kinesis.it.records.ChangeRecord;
import io.slot2kinesis.it.records.Changes;
import io.slot2kinesis.it.target.Scenario;
import io.slot2kinesis.it.target.ScenarioSpec;
import io.slot2kinesis.it.target.Target;
import io.slot2kinesis.it.target.TargetExtension;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same changes through the worker ({@code S2K_FORMAT=debezium}) and through Debezium's PostgreSQL connector
 * (embedded engine, its own slot and publication on the same database, JSON converter without schemas): every
 * event has the same {@code op}, and {@code before} and {@code after} agree column by column, except the differences
 * listed in {@link #KNOWN} (and in the README), each with its reason. A difference not listed fails the test, and so
 * does a listed one that no longer occurs, so the list stays true.
 */
@ExtendWith(TargetExtension.class)
class DebeziumDifferentialIT {
    /**
     * Debezium as configured here: the settings that match the worker's documented renderings where Debezium has
     * one (numerics as strings, temporal values as ISO strings, intervals as strings), truncates published.
     */
    static final Map<String, String> DEBEZIUM_SETTINGS = Map.of("decimal.handling.mode", "string",
            "time.precision.mode", "isostring", "interval.handling.mode", "string", "skipped.operations", "none");

    private static final List<String> COLUMNS = List.of("id int PRIMARY KEY", "c_int2 int2", "c_int4 int4",
            "c_int8 int8", "c_numeric numeric", "c_numeric_p numeric(10,2)", "c_real real", "c_double double precision",
            "c_bool boolean", "c_text text", "c_varchar varchar(40)", "c_char char(3)", "c_uuid uuid", "c_date date",
            "c_time time", "c_timetz timetz", "c_timestamp timestamp", "c_timestamptz timestamptz",
            "c_interval interval", "c_bytea bytea", "c_json json", "c_jsonb jsonb", "c_int_array int4[]",
            "c_text_array text[]", "c_mood %MOOD%", "c_inet inet", "c_money money");

    private static final String FIRST = "1, -32768, 2147483647, 9223372036854775807,"
            + " 123456789012345678901234567890.123456789, 19.9, 1.5, 0.1, true, 'say \"hi\" \u00e9 \u2603 \\ back',"
            + " 'short', 'ab', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '2024-02-29', '23:59:59.999999',"
            + " '03:04:05+02', '2024-01-02 03:04:05.5', '2024-01-02 03:04:05.123456+02',"
            + " '1 year 2 months 3 days 04:05:06', '\\xdeadbeef00'::bytea, '{\"a\": [1, 2.5, \"x\"], \"b\": null}',"
            + " '{\"z\": {\"y\": true}, \"a\": 1}', '{1,2,NULL,-4}', ARRAY['a b', 'NULL', NULL, 'quo\"te'], 'happy',"
            + " '192.168.0.1/24', 12.34";

    /**
     * On the two events of an UPDATE that changed the key, the other key: the delete names the new one, the create
     * the old one (Debezium's headers, fields of the worker's value).
     */
    static final List<String> KEY_CHANGE_FIELDS = List.of("__debezium.newkey", "__debezium.oldkey");

    /** A difference Debezium and the worker are known to have, and why. */
    record Known(String where, String reason) {}

    static final List<Known> KNOWN = List.of(
            new Known("types.c_date", "a date has no time zone: the worker writes 2024-02-29, Debezium's isostring"
                    + " mode 2024-02-29Z; -infinity stays -infinity where Debezium writes -5877611-06-22Z"),
            new Known("types.c_time", "a time without time zone: the worker writes 23:59:59.999999, Debezium"
                    + " 23:59:59.999999Z"),
            new Known("types.c_timestamp", "a timestamp without time zone: the worker writes 2024-01-02T03:04:05.5,"
                    + " Debezium appends Z; infinity stays infinity where Debezium writes +294247-01-10T04:00:25.2Z"),
            new Known("types.c_timetz", "the worker keeps the offset PostgreSQL sent (03:04:05+02:00), Debezium"
                    + " converts to UTC (01:04:05Z)"),
            new Known("types.c_timestamptz", "the same instant in UTC, but the worker keeps PostgreSQL's fraction"
                    + " digits (00:30:00Z) where Debezium always writes six (00:30:00.000000Z)"),
            new Known("types.c_interval", "the worker writes PostgreSQL's text (1 year 2 mons 3 days 04:05:06),"
                    + " Debezium an ISO-8601 duration (P1Y2M3DT4H5M6S) in string mode, microseconds with 30-day"
                    + " months by default"),
            new Known("types.c_numeric", "NaN: the worker writes NaN as PostgreSQL prints it, Debezium NAN"),
            new Known("plain.v", "a delete under REPLICA IDENTITY DEFAULT: PostgreSQL sends the key only; the"
                    + " worker's before has the key columns, Debezium's also every other column as null, a value it"
                    + " does not know"),
            new Known("plain.n", "as plain.v"));

    /** One field that differs: table kind, op, before/after, column, and both values. */
    record Difference(String table, String op, String field, String column, JsonNode worker, JsonNode debezium) {
        String where() {
            return column == null ? table + " " + op + " " + field : table + "." + column;
        }

        @Override
        public String toString() {
            return table + " op " + op + " " + field + (column == null ? "" : "." + column) + ": worker " + worker
                    + ", Debezium " + debezium;
        }
    }

    @Test
    @Timeout(180)
    void givesTheSameOpBeforeAndAfterAsDebeziumForEveryCoveredType(Target target) throws Exception {
        ScenarioSpec spec = ScenarioSpec.named("differential").workerSetting("S2K_FORMAT", "debezium");
        String types = spec.table("types");
        String plain = spec.table("plain");
        String mood = spec.unique("mood");
        String slot = spec.unique("dbz_slot");
        String publication = spec.unique("dbz_pub");
        spec.setup("CREATE TYPE " + mood + " AS ENUM ('sad', 'ok', 'happy')",
                "CREATE TABLE " + types + " (" + String.join(", ", COLUMNS).replace("%MOOD%", mood) + ")",
                "ALTER TABLE " + types + " REPLICA IDENTITY FULL",
                "CREATE TABLE " + plain + " (id int PRIMARY KEY, v text, n int)",
                "CREATE PUBLICATION " + publication + " FOR TABLE " + types + ", " + plain);
        try (Scenario scenario = target.begin(spec)) {
            assumeTrue(scenario.local().isPresent(), "the differential test runs Debezium next to a local worker"
                    + " started with S2K_FORMAT=debezium; " + target.describe() + " runs the worker as deployed");
            String url;
            try (Connection connection = scenario.connect()) {
                url = connection.getMetaData().getURL();
            }
            try (DebeziumPeer debezium = new DebeziumPeer(url, "postgres", slot, publication, Set.of(types, plain),
                    DEBEZIUM_SETTINGS)) {
                awaitSlot(scenario, slot);
                int changes = writeChanges(scenario, types, plain);

                List<JsonNode> peer = debezium.await(changes, Duration.ofSeconds(90));
                List<ChangeRecord> worker = Changes.inCommitOrder(scenario.awaitChanges(changes,
                        Duration.ofSeconds(60)));
                Map<String, String> kinds = Map.of(types, "types", plain, "plain");
                assertThat(worker).as("the key-changing UPDATEs, each a delete naming the new key and a create"
                        + " naming the old one").filteredOn(r -> KEY_CHANGE_FIELDS.stream().anyMatch(r.json()::has))
                        .hasSize(4);
                List<Difference> differences = compare(worker, peer, kinds);
                report(differences);
            } finally {
                scenario.execute("SELECT pg_drop_replication_slot('" + slot + "') FROM pg_replication_slots"
                        + " WHERE slot_name = '" + slot + "' AND NOT active", "DROP PUBLICATION " + publication);
            }
        }
    }

    private static int writeChanges(Scenario scenario, String types, String plain) {
        scenario.execute("INSERT INTO " + types + " VALUES (" + FIRST + ")",
                "INSERT INTO " + types + " (id) VALUES (2)",
                "UPDATE " + types + " SET c_int4 = -1, c_numeric = -0.000000000000000000001, c_numeric_p = 0,"
                        + " c_bool = false, c_text = '', c_timestamptz = '1999-12-31 23:30:00-01',"
                        + " c_int_array = '{}', c_mood = 'sad', c_double = NULL WHERE id = 1",
                "INSERT INTO " + types + " (id, c_real, c_double, c_numeric, c_timestamp, c_date) VALUES"
                        + " (3, 'NaN', '-Infinity', 'NaN', 'infinity', '-infinity')",
                "DELETE FROM " + types + " WHERE id = 2",
                "INSERT INTO " + plain + " VALUES (1, 'a', 1)",
                "UPDATE " + plain + " SET v = 'b' WHERE id = 1",
                "DELETE FROM " + plain + " WHERE id = 1",
                // an UPDATE that changes the key: a delete under the old key, then a create under the new one
                "INSERT INTO " + plain + " VALUES (2, 'x', 2)",
                "UPDATE " + plain + " SET id = 3, v = 'y' WHERE id = 2",
                "UPDATE " + types + " SET id = 4, c_int4 = 7 WHERE id = 3",
                "TRUNCATE " + plain);
        return 14;
    }

    private static void awaitSlot(Scenario scenario, String slot) throws InterruptedException, java.sql.SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try (Connection connection = scenario.connect();
                    var statement = connection.createStatement();
                    var row = statement.executeQuery("SELECT active FROM pg_replication_slots WHERE slot_name = '"
                            + slot + "'")) {
                if (row.next() && row.getBoolean(1)) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Debezium's slot " + slot + " is not streaming after 60 s");
            }
            Thread.sleep(100);
        }
    }

    static List<Difference> compare(List<ChangeRecord> worker, List<JsonNode> peer, Map<String, String> kinds) {
        assertThat(worker.stream().map(r -> r.json().path("op").asText() + " " + kinds.get(r.table())).toList())
                .as("ops in commit order, worker vs Debezium:\nworker:\n%s\nDebezium:\n%s", Changes.describe(worker),
                        peer.stream().map(JsonNode::toString).collect(Collectors.joining("\n")))
                .containsExactlyElementsOf(peer.stream().map(e -> e.path("op").asText() + " "
                        + kinds.get(e.path("source").path("table").asText())).toList());
        List<Difference> differences = new ArrayList<>();
        for (int i = 0; i < worker.size(); i++) {
            JsonNode ours = worker.get(i).json();
            JsonNode theirs = peer.get(i);
            String table = kinds.get(worker.get(i).table());
            String op = ours.path("op").asText();
            for (String field : List.of("before", "after")) {
                compareRow(table, op, field, ours.path(field), theirs.path(field), differences);
            }
            // the other key of an UPDATE that changed it: a field of the worker's value, a header of Debezium's
            for (String field : KEY_CHANGE_FIELDS) {
                compareRow(table, op, field, ours.path(field), theirs.path(DebeziumPeer.HEADERS).path(field),
                        differences);
            }
        }
        return differences;
    }

    private static void compareRow(String table, String op, String field, JsonNode ours, JsonNode theirs,
            List<Difference> differences) {
        if (ours.isNull() != theirs.isNull() || ours.isMissingNode() != theirs.isMissingNode()) {
            differences.add(new Difference(table, op, field, null, ours, theirs));
            return;
        }
        if (!ours.isObject()) {
            return;
        }
        Set<String> columns = new TreeSet<>();
        ours.fieldNames().forEachRemaining(columns::add);
        theirs.fieldNames().forEachRemaining(columns::add);
        for (String column : columns) {
            JsonNode a = ours.path(column);
            JsonNode b = theirs.path(column);
            if (!same(a, b)) {
                differences.add(new Difference(table, op, field, column, a, b));
            }
        }
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isContainerNode() && b.isContainerNode() && a.size() == b.size()) {
            if (a.isArray() != b.isArray()) {
                return false;
            }
            if (a.isArray()) {
                for (int i = 0; i < a.size(); i++) {
                    if (!same(a.get(i), b.get(i))) {
                        return false;
                    }
                }
                return true;
            }
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!b.has(name) || !same(a.get(name), b.get(name))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static void report(List<Difference> differences) {
        Map<String, List<Difference>> byWhere = new LinkedHashMap<>();
        for (Difference difference : differences) {
            byWhere.computeIfAbsent(difference.where(), k -> new ArrayList<>()).add(difference);
        }
        System.out.println("worker vs Debezium, " + differences.size() + " difference(s):\n" + differences.stream()
                .map(d -> "  " + d).collect(Collectors.joining("\n")));
        Set<String> known = KNOWN.stream().map(Known::where).collect(Collectors.toCollection(TreeSet::new));
        List<Difference> unlisted = differences.stream().filter(d -> !known.contains(d.where())).toList();
        Set<String> stale = new TreeSet<>(known);
        stale.removeAll(byWhere.keySet());
        assertThat(unlisted).as("differences from Debezium that the README does not list:\n%s", unlisted.stream()
                .map(d -> "  " + d).collect(Collectors.joining("\n"))).isEmpty();
        assertThat(stale).as("listed differences that no longer occur (take them out of KNOWN and the README)")
                .isEmpty();
    }
}
