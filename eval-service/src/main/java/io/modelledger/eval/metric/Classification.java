package io.modelledger.eval.metric;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Classification metrics over true and predicted labels, defined as scikit-learn defines them (the
 * reference values in the tests come from scikit-learn): labels are the sorted union of true and predicted
 * labels; a precision or recall whose denominator is zero counts as 0 ({@code zero_division=0});
 * {@code macro} averages per-label values, {@code weighted} weights them by each label's true count,
 * {@code micro} pools the counts (for single-label data it equals accuracy).
 */
public final class Classification {

    private final List<String> labels;
    private final long[][] matrix;
    private final int n;

    private Classification(List<String> labels, long[][] matrix, int n) {
        this.labels = labels;
        this.matrix = matrix;
        this.n = n;
    }

    public static Classification of(List<String> truth, List<String> predicted) {
        if (truth.size() != predicted.size()) {
            throw new IllegalArgumentException("truth and predictions differ in length");
        }
        TreeSet<String> all = new TreeSet<>(truth);
        all.addAll(predicted);
        List<String> labels = new ArrayList<>(all);
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            index.put(labels.get(i), i);
        }
        long[][] matrix = new long[labels.size()][labels.size()];
        for (int i = 0; i < truth.size(); i++) {
            matrix[index.get(truth.get(i))][index.get(predicted.get(i))]++;
        }
        return new Classification(List.copyOf(labels), matrix, truth.size());
    }

    public List<String> labels() {
        return labels;
    }

    /** Rows are true labels, columns predicted labels, both in {@link #labels()} order. */
    public long[][] confusionMatrix() {
        long[][] copy = new long[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            copy[i] = matrix[i].clone();
        }
        return copy;
    }

    public double accuracy() {
        long correct = 0;
        for (int i = 0; i < matrix.length; i++) {
            correct += matrix[i][i];
        }
        return n == 0 ? 0 : (double) correct / n;
    }

    private long truePositives(int k) {
        return matrix[k][k];
    }

    private long predictedCount(int k) {
        long sum = 0;
        for (long[] row : matrix) {
            sum += row[k];
        }
        return sum;
    }

    private long trueCount(int k) {
        long sum = 0;
        for (long v : matrix[k]) {
            sum += v;
        }
        return sum;
    }

    private static double ratio(double numerator, double denominator) {
        return denominator == 0 ? 0 : numerator / denominator;
    }

    public double precision(int k) {
        return ratio(truePositives(k), predictedCount(k));
    }

    public double recall(int k) {
        return ratio(truePositives(k), trueCount(k));
    }

    public double f1(int k) {
        // sklearn: 2·tp / (2·tp + fp + fn), 0 when the denominator is 0
        return ratio(2.0 * truePositives(k), predictedCount(k) + trueCount(k));
    }

    /** The index of {@code label}, or -1 when it occurs in neither truth nor predictions. */
    public int indexOf(String label) {
        return labels.indexOf(label);
    }

    public enum Average { MACRO, MICRO, WEIGHTED }

    public double precision(Average average) {
        return average(average, this::precision, true);
    }

    public double recall(Average average) {
        return average(average, this::recall, false);
    }

    public double f1(Average average) {
        return average(average, this::f1, null);
    }

    private double average(Average average, java.util.function.IntToDoubleFunction perLabel, Boolean precision) {
        int k = labels.size();
        if (k == 0) {
            return 0;
        }
        switch (average) {
            case MACRO -> {
                double sum = 0;
                for (int i = 0; i < k; i++) {
                    sum += perLabel.applyAsDouble(i);
                }
                return sum / k;
            }
            case WEIGHTED -> {
                double sum = 0;
                long support = 0;
                for (int i = 0; i < k; i++) {
                    sum += perLabel.applyAsDouble(i) * trueCount(i);
                    support += trueCount(i);
                }
                return ratio(sum, support);
            }
            default -> {
                long tp = 0;
                long predicted = 0;
                long actual = 0;
                for (int i = 0; i < k; i++) {
                    tp += truePositives(i);
                    predicted += predictedCount(i);
                    actual += trueCount(i);
                }
                if (precision == null) {
                    return ratio(2.0 * tp, predicted + actual);
                }
                return precision ? ratio(tp, predicted) : ratio(tp, actual);
            }
        }
    }

    /**
     * Area under the ROC curve for a binary task: the probability that a random positive scores above a
     * random negative, ties counting half (the Mann–Whitney form, equal to the trapezoidal area sklearn
     * computes). NaN when only one class is present.
     */
    public static double rocAuc(boolean[] positive, double[] scores) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            i = j + 1;
        }
        long positives = 0;
        double rankSum = 0;
        for (int k = 0; k < n; k++) {
            if (positive[k]) {
                positives++;
                rankSum += ranks[k];
            }
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /**
     * Binary cross-entropy of the positive-class probabilities, averaged; probabilities are clipped to
     * [ε, 1−ε] with ε the double machine epsilon, as sklearn 1.2 does.
     */
    public static double logLoss(boolean[] positive, double[] probabilities) {
        double eps = Math.ulp(1.0);
        double sum = 0;
        for (int i = 0; i < probabilities.length; i++) {
            double p = Math.min(Math.max(probabilities[i], eps), 1 - eps);
            sum += positive[i] ? -Math.log(p) : -Math.log(1 - p);
        }
        return sum / probabilities.length;
    }
}
