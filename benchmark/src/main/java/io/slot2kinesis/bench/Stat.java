package io.slot2kinesis.bench;

import java.util.Arrays;
import java.util.List;

/** A figure measured several times: median, min and max. */
record Stat(double median, double min, double max, int runs) {

    static Stat of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no measurements");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Stat(median, sorted[0], sorted[n - 1], n);
    }

    /** The {@code q} quantile (0..1) of {@code values}, nearest rank; {@code values} is sorted in place. */
    static double quantile(long[] values, double q) {
        Arrays.sort(values);
        int rank = (int) Math.ceil(q * values.length);
        return values[Math.max(0, Math.min(values.length - 1, rank - 1))];
    }
}
