package io.modelledger.eval.metric;

/** Regression metrics as scikit-learn defines them: mean absolute error, root mean squared error, R². */
public final class Regression {

    private Regression() {
    }

    public static double meanAbsoluteError(double[] truth, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            sum += Math.abs(truth[i] - predicted[i]);
        }
        return sum / truth.length;
    }

    public static double rootMeanSquaredError(double[] truth, double[] predicted) {
        double sum = 0;
        for (int i = 0; i < truth.length; i++) {
            double d = truth[i] - predicted[i];
            sum += d * d;
        }
        return Math.sqrt(sum / truth.length);
    }

    /**
     * 1 − SS_res / SS_tot; when the truth is constant (SS_tot = 0) it is 1 for a perfect prediction and 0
     * otherwise (sklearn's {@code force_finite}).
     */
    public static double r2(double[] truth, double[] predicted) {
        double mean = 0;
        for (double v : truth) {
            mean += v;
        }
        mean /= truth.length;
        double residual = 0;
        double total = 0;
        for (int i = 0; i < truth.length; i++) {
            residual += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
            total += (truth[i] - mean) * (truth[i] - mean);
        }
        if (total == 0) {
            return residual == 0 ? 1 : 0;
        }
        return 1 - residual / total;
    }

    /** The q-th percentile (0–100) by linear interpolation between closest ranks, numpy's default method. */
    public static double percentile(double[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double position = q / 100.0 * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
