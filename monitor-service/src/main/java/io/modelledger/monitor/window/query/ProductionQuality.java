package io.modelledger.monitor.window.query;

import io.modelledger.checks.statistics.Fairness;
import io.modelledger.checks.statistics.Quality;
import io.modelledger.checks.statistics.TwoSampleTests;
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
 * Quality needs at least {@value #MIN_PAIRS} labelled predictions. Where the version's offline accuracy is known ({@link ReferenceQualityProjection}), {@code concept_drift_p} compares the
 * window's accuracy with it (Fisher's exact or the two-proportion test), and {@code concept_drift} is 1 when the window
 * is significantly worse (p &lt; 0.05). For a binary classifier, each of the policy's fairness attributes gets Fairlearn's
 * {@code demographic_parity_difference:<a>}, {@code equalized_odds_difference:<a>} and {@code disparate_impact_ratio:<a>}.
 */
public final class ProductionQuality {

    static final int MAX_CLASS_IDS = 20;
    /** The fewest labelled predictions a window's quality is computed from. */
    static final int MIN_PAIRS = 30;
    /** The metrics that depend on labels, so change when labels arrive late. */
    public static final List<String> METRICS = List.of("labelled_records", "label_coverage", "accuracy", "precision_macro", "recall_macro",
                                                       "f1_macro", "brier", "mae", "rmse", "accuracy_reference", "concept_drift",
                                                       "concept_drift_p");
    /** Metric name prefixes of group fairness, each followed by ':' and the attribute. */
    public static final List<String> FAIRNESS = List.of("demographic_parity_difference", "equalized_odds_difference",
                                                        "disparate_impact_ratio");
    private static final double CONCEPT_DRIFT_LEVEL = 0.05;

    /** Whether a metric depends on labels (so changes when labels arrive late). */
    public static boolean labelled(String metric) {
        return METRICS.contains(metric) || FAIRNESS.stream().anyMatch(f -> metric.startsWith(f + ":"));
    }

    /** What a window's quality is compared with: the version's offline accuracy (null: unknown), and the sensitive attributes. */
    record Context(ReferenceQualityProjection.Reference reference, List<String> fairnessAttributes) {
    }

    private ProductionQuality() {
    }

    static void add(WindowData data, Integer version, Map<String, Double> metrics, Context context) {
        List<Object> labels = new ArrayList<>();
        List<Object> predictions = new ArrayList<>();
        List<Integer> rowsOfPairs = new ArrayList<>();
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
                rowsOfPairs.add(i);
            }
        }
        if (rows == 0) {
            return;
        }
        metrics.put("labelled_records", (double) labelled);
        metrics.put("label_coverage", labelled / (double) rows);
        if (labels.size() < MIN_PAIRS) {
            return; // a handful of labels says little: one wrong label would be an accuracy of 0
        }
        if (labels.stream().allMatch(ProductionQuality::binary) && predictions.stream().allMatch(ProductionQuality::probability)
                && predictions.stream().anyMatch(p -> !binary(p))) {
            double[] outcomes = labels.stream().mapToDouble(l -> "1".equals(classOf(l)) ? 1 : 0).toArray();
            double[] probabilities = predictions.stream().mapToDouble(p -> ((Number) p).doubleValue()).toArray();
            metrics.put("brier", Quality.brier(outcomes, probabilities));
            List<String> predicted = predictions.stream().map(p -> ((Number) p).doubleValue() >= 0.5 ? "1" : "0").toList();
            List<String> truth = labels.stream().map(ProductionQuality::classOf).toList();
            classification(truth, predicted, metrics, context);
            fairness(data, rowsOfPairs, truth, predicted, metrics, context);
        } else if (labels.stream().allMatch(l -> l instanceof Number) && predictions.stream().allMatch(p -> p instanceof Number)
                && !classIds(labels, predictions)) {
            Quality.Regression r = Quality.regression(labels.stream().mapToDouble(l -> ((Number) l).doubleValue()).toArray(),
                                                      predictions.stream().mapToDouble(p -> ((Number) p).doubleValue()).toArray());
            metrics.put("mae", r.mae());
            metrics.put("rmse", r.rmse());
        } else {
            List<String> truth = labels.stream().map(ProductionQuality::classOf).toList();
            List<String> predicted = predictions.stream().map(ProductionQuality::classOf).toList();
            classification(truth, predicted, metrics, context);
            if (truth.stream().allMatch(c -> c.equals("0") || c.equals("1")) && predicted.stream().allMatch(c -> c.equals("0") || c.equals("1"))) {
                fairness(data, rowsOfPairs, truth, predicted, metrics, context);
            }
        }
    }

    private static void classification(List<String> labels, List<String> predictions, Map<String, Double> metrics, Context context) {
        Quality.Classification c = Quality.classification(labels, predictions);
        metrics.put("accuracy", c.accuracy());
        metrics.put("precision_macro", c.precisionMacro());
        metrics.put("recall_macro", c.recallMacro());
        metrics.put("f1_macro", c.f1Macro());
        ReferenceQualityProjection.Reference reference = context.reference();
        if (reference != null) {
            long correct = Math.round(c.accuracy() * c.n());
            long referenceCorrect = Math.round(reference.accuracy() * reference.cases());
            double p = TwoSampleTests.proportions(correct, c.n(), referenceCorrect, reference.cases()).pValue();
            metrics.put("accuracy_reference", reference.accuracy());
            metrics.put("concept_drift_p", p);
            metrics.put("concept_drift", p < CONCEPT_DRIFT_LEVEL && c.accuracy() < reference.accuracy() ? 1.0 : 0.0);
        }
    }

    /** Group fairness of a binary classifier over each sensitive attribute (a record without it is in group "(missing)"). */
    private static void fairness(WindowData data, List<Integer> rows, List<String> truth, List<String> predicted,
                                 Map<String, Double> metrics, Context context) {
        boolean[] t = new boolean[truth.size()];
        boolean[] p = new boolean[predicted.size()];
        for (int k = 0; k < t.length; k++) {
            t[k] = truth.get(k).equals("1");
            p[k] = predicted.get(k).equals("1");
        }
        for (String attribute : context.fairnessAttributes()) {
            List<Object> column = data.features.get(attribute);
            List<String> groups = new ArrayList<>(rows.size());
            for (int row : rows) {
                Object value = column == null ? null : column.get(row);
                groups.add(value == null ? "(missing)" : classOf(value));
            }
            Fairness.Report report = Fairness.of(groups, t, p);
            metrics.put("demographic_parity_difference:" + attribute, report.demographicParityDifference());
            metrics.put("equalized_odds_difference:" + attribute, report.equalizedOddsDifference());
            metrics.put("disparate_impact_ratio:" + attribute, report.disparateImpactRatio());
        }
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
