package io.slot2kinesis.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Measurements collected run by run, keyed by figure, in the order figures were first measured. */
final class Samples {
    private record Figure(String label, String unit, List<Double> values) {}

    private final Map<String, Figure> figures = new LinkedHashMap<>();

    void add(String key, String label, String unit, double value) {
        figures.computeIfAbsent(key, k -> new Figure(label, unit, new ArrayList<>())).values().add(value);
    }

    void addTo(Report report) {
        figures.forEach((key, figure) -> report.add(key, figure.label(), figure.unit(), figure.values()));
    }
}
