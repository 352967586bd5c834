package io.modelledger.monitor.drift;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A model version's reference distribution, per feature (and for its predictions, under
 * {@value #PREDICTION}): numeric features keep a sorted sample of up to {@value #MAX_SAMPLE} values (a
 * seeded uniform sample beyond that) and their standard deviation; categorical ones their category counts.
 * A feature is numeric when every value given for it is a number.
 */
public record ReferenceProfile(String id, String modelName, int modelVersion, long rows, String source, Instant builtAt,
                               Map<String, Feature> features) {

    public static final String PREDICTION = "__prediction__";
    public static final int MAX_SAMPLE = 50_000;

    /** One feature's reference: {@code type} numeric (with {@code values}, sorted) or categorical (with {@code counts}). */
    public record Feature(String type, double[] values, double standardDeviation, Map<String, Long> counts, long rows) {

        public boolean numeric() {
            return "numeric".equals(type);
        }
    }

    public static String id(String model, int version) {
        return model + "/" + version;
    }

    /** Builds a profile from columns of values (nulls ignored). */
    public static ReferenceProfile of(String model, int version, String source, Instant at, long rows, Map<String, List<Object>> columns) {
        Map<String, Feature> features = new LinkedHashMap<>();
        columns.forEach((name, values) -> {
            Feature feature = feature(values);
            if (feature != null) {
                features.put(name, feature);
            }
        });
        return new ReferenceProfile(id(model, version), model, version, rows, source, at, features);
    }

    static Feature feature(List<Object> column) {
        List<Object> values = column.stream().filter(v -> v != null).toList();
        if (values.isEmpty()) {
            return null;
        }
        if (values.stream().allMatch(v -> v instanceof Number)) {
            double[] numbers = values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
            double[] sample = numbers.length <= MAX_SAMPLE ? numbers : sample(numbers);
            Arrays.sort(sample);
            return new Feature("numeric", sample, DriftStatistics.standardDeviation(sample), null, values.size());
        }
        Map<String, Long> counts = new TreeMap<>();
        values.forEach(v -> counts.merge(String.valueOf(v), 1L, Long::sum));
        return new Feature("categorical", null, 0, counts, values.size());
    }

    private static double[] sample(double[] numbers) {
        double[] copy = numbers.clone();
        SplittableRandom random = new SplittableRandom(numbers.length);
        for (int i = 0; i < MAX_SAMPLE; i++) {
            int j = i + random.nextInt(copy.length - i);
            double t = copy[i];
            copy[i] = copy[j];
            copy[j] = t;
        }
        return Arrays.copyOf(copy, MAX_SAMPLE);
    }

    /** The column-wise form of row maps. */
    public static Map<String, List<Object>> columns(List<Map<String, Object>> rows) {
        Map<String, List<Object>> columns = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            row.forEach((name, value) -> columns.computeIfAbsent(name, k -> new ArrayList<>()).add(value));
        }
        return columns;
    }
}
