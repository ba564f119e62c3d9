package io.slot2kinesis.it.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.slot2kinesis.it.target.CaptureMode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks fields of one record and reports every mismatch at once, naming the row, the field, what was expected and
 * what came: {@code row id=1 (update): data.c_numeric: expected "1.50" but was 1.5}.
 *
 * <p>In {@link CaptureMode#DMS} the documented differences of DMS's rendering are accepted (numerics as numbers
 * or strings, rounded by DMS), and JSON expected as a value matches JSON text: see docs/consumers.md.
 */
public final class RecordCheck {
    private final String what;
    private final ChangeRecord record;
    private final CaptureMode mode;
    private final List<String> problems = new ArrayList<>();

    private RecordCheck(String what, ChangeRecord record, CaptureMode mode) {
        this.what = what;
        this.record = record;
        this.mode = mode;
    }

    /** @param what names the row and change, e.g. {@code row id=1 (insert)} */
    public static RecordCheck of(String what, ChangeRecord record, CaptureMode mode) {
        return new RecordCheck(what, record, mode);
    }

    /** {@code path} is dotted from the record's root, e.g. {@code data.c_int4} or {@code metadata.operation}. */
    public RecordCheck json(String path, String expectedJson) {
        JsonNode expected = parse(expectedJson);
        JsonNode actual = at(path);
        if (actual == null) {
            problems.add(path + ": expected " + expectedJson + " but the field is absent");
        } else if (!same(expected, actual)) {
            problems.add(path + ": expected " + expected + " but was " + actual);
        }
        return this;
    }

    public RecordCheck text(String path, String expected) {
        JsonNode actual = at(path);
        if (actual == null || !actual.isTextual() || !actual.asText().equals(expected)) {
            problems.add(path + ": expected \"" + abbreviate(expected) + "\" but was "
                    + (actual == null ? "absent" : abbreviate(actual.toString())));
        }
        return this;
    }

    public RecordCheck absent(String path) {
        JsonNode actual = at(path);
        if (actual != null) {
            problems.add(path + ": expected absent but was " + abbreviate(actual.toString()));
        }
        return this;
    }

    /** The object at {@code path} has exactly these fields. */
    public RecordCheck fields(String path, Set<String> names) {
        JsonNode object = at(path);
        Set<String> actual = new TreeSet<>();
        if (object != null) {
            for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
                actual.add(it.next());
            }
        }
        if (!actual.equals(new TreeSet<>(names))) {
            Set<String> missing = new TreeSet<>(names);
            missing.removeAll(actual);
            Set<String> extra = new TreeSet<>(actual);
            extra.removeAll(names);
            problems.add(path + ": expected fields " + new TreeSet<>(names) + " but was " + actual + " (missing "
                    + missing + ", unexpected " + extra + ")");
        }
        return this;
    }

    /** Records a problem found by the caller. */
    public RecordCheck problem(String text) {
        problems.add(text);
        return this;
    }

    public List<String> problems() {
        return problems.stream().map(p -> what + ": " + p).toList();
    }

    /** Fails with every problem found, and the record. */
    public void verify() {
        if (!problems.isEmpty()) {
            throw new AssertionError(String.join("\n", problems()) + "\n  record: " + record);
        }
    }

    /** Fails with the problems of all the checks, each with its record. */
    public static void verifyAll(List<RecordCheck> checks) {
        StringBuilder message = new StringBuilder();
        int count = 0;
        for (RecordCheck check : checks) {
            if (!check.problems.isEmpty()) {
                count += check.problems.size();
                message.append(String.join("\n", check.problems())).append("\n  record: ").append(check.record)
                        .append('\n');
            }
        }
        if (count > 0) {
            throw new AssertionError(count + " field(s) differ:\n" + message);
        }
    }

    private JsonNode at(String path) {
        JsonNode node = record.json();
        for (String part : path.split("\\.")) {
            if (node == null || !node.isObject() || !node.has(part)) {
                return null;
            }
            node = node.get(part);
        }
        return node;
    }

    private boolean same(JsonNode expected, JsonNode actual) {
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        if (expected.equals(actual)) {
            return true;
        }
        if (mode == CaptureMode.DMS) {
            return sameAsDmsRendersIt(expected, actual);
        }
        if (expected.isContainerNode() && actual.isContainerNode() && expected.size() == actual.size()) {
            return sameChildren(expected, actual);
        }
        return false;
    }

    private boolean sameChildren(JsonNode expected, JsonNode actual) {
        if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                if (!same(expected.get(i), actual.get(i))) {
                    return false;
                }
            }
            return true;
        }
        for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!actual.has(name) || !same(expected.get(name), actual.get(name))) {
                return false;
            }
        }
        return true;
    }

    // DMS sends JSON, JSONB and arrays as text, and numerics as numbers or strings.
    private boolean sameAsDmsRendersIt(JsonNode expected, JsonNode actual) {
        if (actual.isTextual() && expected.isContainerNode()) {
            try {
                return same(expected, ChangeRecord.JSON.readTree(actual.asText()));
            } catch (JsonProcessingException notJson) {
                return false;
            }
        }
        if (expected.isTextual() && (actual.isNumber() || actual.isTextual())) {
            try {
                return new BigDecimal(expected.asText()).compareTo(new BigDecimal(actual.asText())) == 0;
            } catch (NumberFormatException notNumeric) {
                return false;
            }
        }
        return false;
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return NullNode.instance;
        }
        try {
            return ChangeRecord.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("expected value is not JSON: " + json, e);
        }
    }

    private static String abbreviate(String text) {
        return ChangeRecord.abbreviate(text);
    }
}
