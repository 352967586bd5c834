package io.modelledger.checks.statistics;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How good a model's predictions were once the truth is known, each defined as scikit-learn defines it
 * ({@code QualityReferenceTest} compares them with values scikit-learn computed, {@code quality_reference.py}):
 * <ul>
 *   <li>classifiers: accuracy ({@code accuracy_score}), macro precision, recall and F1 over the classes present in either
 *       the labels or the predictions ({@code precision_recall_fscore_support(average="macro", zero_division=0)}), and for
 *       binary labels with a predicted probability of the positive class, the Brier score ({@code brier_score_loss});</li>
 *   <li>regression: mean absolute error and root mean squared error ({@code mean_absolute_error},
 *       {@code mean_squared_error(squared=False)}).</li>
 * </ul>
 * Classes compare by their text, so the label {@code 1} and the prediction {@code "1"} are the same class.
 */
public final class Quality {

    private Quality() {
    }

    /** Accuracy and macro precision, recall and F1 of predicted classes against true ones (pairs in the same order). */
    public record Classification(long n, double accuracy, double precisionMacro, double recallMacro, double f1Macro) {
    }

    public static Classification classification(List<?> labels, List<?> predictions) {
        requirePairs(labels, predictions);
        int n = labels.size();
        TreeSet<String> classes = new TreeSet<>();
        Map<String, long[]> counts = new TreeMap<>(); // class → {true positives, predicted, actual}
        long correct = 0;
        for (int i = 0; i < n; i++) {
            String truth = String.valueOf(labels.get(i));
            String predicted = String.valueOf(predictions.get(i));
            classes.add(truth);
            classes.add(predicted);
            counts.computeIfAbsent(predicted, c -> new long[3])[1]++;
            counts.computeIfAbsent(truth, c -> new long[3])[2]++;
            if (truth.equals(predicted)) {
                correct++;
                counts.get(truth)[0]++;
            }
        }
        double precision = 0;
        double recall = 0;
        double f1 = 0;
        for (String c : classes) {
            long[] k = counts.get(c);
            double p = k[1] == 0 ? 0 : (double) k[0] / k[1];
            double r = k[2] == 0 ? 0 : (double) k[0] / k[2];
            precision += p;
            recall += r;
            f1 += p + r == 0 ? 0 : 2 * p * r / (p + r);
        }
        int m = classes.size();
        return new Classification(n, (double) correct / n, precision / m, recall / m, f1 / m);
    }

    /** The Brier score: the mean squared difference between the predicted probability of the positive class and the 0/1 outcome. */
    public static double brier(double[] outcomes, double[] probabilities) {
        if (outcomes.length != probabilities.length || outcomes.length == 0) {
            throw new IllegalArgumentException("outcomes and probabilities must be non-empty and of equal length");
        }
        double sum = 0;
        for (int i = 0; i < outcomes.length; i++) {
            double d = probabilities[i] - outcomes[i];
            sum += d * d;
        }
        return sum / outcomes.length;
    }

    /** Mean absolute error and root mean squared error of numeric predictions. */
    public record Regression(long n, double mae, double rmse) {
    }

    public static Regression regression(double[] labels, double[] predictions) {
        if (labels.length != predictions.length || labels.length == 0) {
            throw new IllegalArgumentException("labels and predictions must be non-empty and of equal length");
        }
        double absolute = 0;
        double squared = 0;
        for (int i = 0; i < labels.length; i++) {
            double d = predictions[i] - labels[i];
            absolute += Math.abs(d);
            squared += d * d;
        }
        return new Regression(labels.length, absolute / labels.length, Math.sqrt(squared / labels.length));
    }

    private static void requirePairs(List<?> labels, List<?> predictions) {
        if (labels.size() != predictions.size() || labels.isEmpty()) {
            throw new IllegalArgumentException("labels and predictions must be non-empty and of equal length");
        }
        if (labels.stream().anyMatch(Objects::isNull) || predictions.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("no label or prediction may be missing");
        }
    }
}
