package io.slot2kinesis.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmark's figures and target checks, as a text table, Markdown and JSON. */
final class Report {
    private final Map<String, Object> context = new LinkedHashMap<>();
    private final List<Row> rows = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();

    /** One figure: its key (stable, for JSON), what it is, its unit, and its measurements. */
    record Row(String key, String label, String unit, Stat stat) {}

    /** A target from issue 6, met or not, with the numbers behind the verdict. */
    record Check(String target, boolean met, String detail) {}

    void context(String key, Object value) {
        context.put(key, value);
    }

    void add(String key, String label, String unit, List<Double> values) {
        if (!values.isEmpty()) {
            rows.add(new Row(key, label, unit, Stat.of(values)));
        }
    }

    Stat stat(String key) {
        return rows.stream().filter(r -> r.key().equals(key)).map(Row::stat).findFirst().orElse(null);
    }

    void check(String target, boolean met, String detail) {
        checks.add(new Check(target, met, detail));
    }

    List<Check> checks() {
        return List.copyOf(checks);
    }

    String text() {
        StringBuilder out = new StringBuilder();
        int width = rows.stream().mapToInt(r -> r.label().length()).max().orElse(10);
        out.append(String.format("%-" + width + "s  %14s  %14s  %14s  %s%n", "figure", "median", "min", "max", "unit"));
        for (Row row : rows) {
            out.append(String.format("%-" + width + "s  %14s  %14s  %14s  %s%n", row.label(),
                    format(row.stat().median()), format(row.stat().min()), format(row.stat().max()), row.unit()));
        }
        out.append(System.lineSeparator());
        for (Check check : checks) {
            out.append(check.met() ? "MET     " : "MISSED  ").append(check.target()).append(": ")
                    .append(check.detail()).append(System.lineSeparator());
        }
        return out.toString();
    }

    String markdown() {
        StringBuilder out = new StringBuilder("# slot2kinesis benchmark\n\n");
        context.forEach((key, value) -> out.append("- ").append(key).append(": ").append(value).append('\n'));
        out.append("\n| figure | median | min | max | unit |\n|---|---:|---:|---:|---|\n");
        for (Row row : rows) {
            out.append("| ").append(row.label()).append(" | ").append(format(row.stat().median())).append(" | ")
                    .append(format(row.stat().min())).append(" | ").append(format(row.stat().max())).append(" | ")
                    .append(row.unit()).append(" |\n");
        }
        out.append("\n| target | verdict | detail |\n|---|---|---|\n");
        for (Check check : checks) {
            out.append("| ").append(check.target()).append(" | ").append(check.met() ? "met" : "**missed**")
                    .append(" | ").append(check.detail()).append(" |\n");
        }
        return out.toString();
    }

    String json() throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("context", context);
        Map<String, Object> figures = new LinkedHashMap<>();
        for (Row row : rows) {
            figures.put(row.key(), Map.of("label", row.label(), "unit", row.unit(), "median", row.stat().median(),
                    "min", row.stat().min(), "max", row.stat().max(), "runs", row.stat().runs()));
        }
        document.put("figures", figures);
        document.put("targets", checks);
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(document);
    }

    /** Writes {@code bench-<stamp>.json} and {@code .md}, and copies them to {@code latest.*}; returns the .md. */
    Path write(Path directory, String stamp) throws IOException {
        Files.createDirectories(directory);
        Path md = directory.resolve("bench-" + stamp + ".md");
        Files.writeString(md, markdown());
        Files.writeString(directory.resolve("bench-" + stamp + ".json"), json());
        Files.writeString(directory.resolve("latest.md"), markdown());
        Files.writeString(directory.resolve("latest.json"), json());
        return md;
    }

    static String format(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        if (Math.abs(value) >= 100) {
            return String.format("%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format("%.1f", value);
        }
        return String.format("%.2f", value);
    }
}
