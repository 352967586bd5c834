package io.modelledger.monitor.window.query;

import io.modelledger.checks.statistics.Quality;
import io.modelledger.monitor.telemetry.query.WindowData;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A window's quality over the records labelled so far (labels sent with the records or later, by inference id): how many
 * are labelled and what share of the records read that is, and, from the pairs of prediction and label, by what the
 * values are ({@code docs/metrics.md}, "Production quality"):
 * <ul>
 *   <li>binary outcomes (0/1, true/false) with a predicted probability in [0, 1]: {@code brier}, and the classification
 *       metrics at a threshold of 0.5;</li>
 *   <li>numbers that are not class ids (a fraction anywhere, or more than {@value #MAX_CLASS_IDS} distinct labels):
 *       {@code mae}, {@code rmse};</li>
 *   <li>anything else is a class: {@code accuracy}, {@code precision_macro}, {@code recall_macro}, {@code f1_macro}.</li>
 * </ul>
 */
public final class ProductionQuality {

    static final int MAX_CLASS_IDS = 20;
    /** The metrics that depend on labels, so change when labels arrive late. */
    public static final List<String> METRICS = List.of("labelled_records", "label_coverage", "accuracy", "precision_macro", "recall_macro",
                                                "f1_macro", "brier", "mae", "rmse");

    private ProductionQuality() {
    }

    static void add(WindowData data, Integer version, Map<String, Double> metrics) {
        List<Object> labels = new ArrayList<>();
        List<Object> predictions = new ArrayList<>();
        long rows = 0;
        long labelled = 0;
        for (int i = 0; i < data.size(); i++) {
            if (version != null && !data.versions.get(i).equals(version)) {
                continue;
            }
            rows++;
            Object label = data.labels.get(i);
            if (label == null) {
                continue;
            }
            labelled++;
            if (data.predictions.get(i) != null) {
                labels.add(label);
                predictions.add(data.predictions.get(i));
            }
        }
        if (rows == 0) {
            return;
        }
        metrics.put("labelled_records", (double) labelled);
        metrics.put("label_coverage", labelled / (double) rows);
        if (labels.isEmpty()) {
            return;
        }
        if (labels.stream().allMatch(ProductionQuality::binary) && predictions.stream().allMatch(ProductionQuality::probability)
                && predictions.stream().anyMatch(p -> !binary(p))) {
            double[] outcomes = labels.stream().mapToDouble(l -> "1".equals(classOf(l)) ? 1 : 0).toArray();
            double[] probabilities = predictions.stream().mapToDouble(p -> ((Number) p).doubleValue()).toArray();
            metrics.put("brier", Quality.brier(outcomes, probabilities));
            classification(labels.stream().map(ProductionQuality::classOf).toList(),
                           predictions.stream().map(p -> ((Number) p).doubleValue() >= 0.5 ? "1" : "0").toList(), metrics);
        } else if (labels.stream().allMatch(l -> l instanceof Number) && predictions.stream().allMatch(p -> p instanceof Number)
                && !classIds(labels, predictions)) {
            Quality.Regression r = Quality.regression(labels.stream().mapToDouble(l -> ((Number) l).doubleValue()).toArray(),
                                                      predictions.stream().mapToDouble(p -> ((Number) p).doubleValue()).toArray());
            metrics.put("mae", r.mae());
            metrics.put("rmse", r.rmse());
        } else {
            classification(labels.stream().map(ProductionQuality::classOf).toList(),
                           predictions.stream().map(ProductionQuality::classOf).toList(), metrics);
        }
    }

    private static void classification(List<String> labels, List<String> predictions, Map<String, Double> metrics) {
        Quality.Classification c = Quality.classification(labels, predictions);
        metrics.put("accuracy", c.accuracy());
        metrics.put("precision_macro", c.precisionMacro());
        metrics.put("recall_macro", c.recallMacro());
        metrics.put("f1_macro", c.f1Macro());
    }

    /** Numbers that are all whole, with few distinct labels: class ids, not quantities. */
    private static boolean classIds(List<Object> labels, List<Object> predictions) {
        Set<Double> distinct = new HashSet<>();
        for (Object l : labels) {
            double v = ((Number) l).doubleValue();
            if (v != Math.rint(v)) {
                return false;
            }
            distinct.add(v);
        }
        for (Object p : predictions) {
            double v = ((Number) p).doubleValue();
            if (v != Math.rint(v)) {
                return false;
            }
        }
        return distinct.size() <= MAX_CLASS_IDS;
    }

    private static boolean binary(Object value) {
        String c = classOf(value);
        return c.equals("0") || c.equals("1");
    }

    private static boolean probability(Object value) {
        return value instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1;
    }

    /** A value as a class: whole numbers without a fraction (1 and 1.0 are one class), booleans as 1 and 0, text as it is. */
    static String classOf(Object value) {
        if (value instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (value instanceof Number n) {
            double v = n.doubleValue();
            return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        }
        String text = String.valueOf(value);
        return switch (text) {
            case "true" -> "1";
            case "false" -> "0";
            default -> text;
        };
    }
}
