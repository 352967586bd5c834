package io.modelledger.eval.compare;

import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Paired tests and the bootstrap used by A/B comparisons of two runs over the same cases. */
public final class PairedStatistics {

    private PairedStatistics() {
    }

    /**
     * McNemar's test on paired pass/fail outcomes: only discordant pairs count ({@code b}: baseline passed,
     * candidate failed; {@code c}: the reverse). Exact two-sided binomial test when b + c &lt; 25, else the
     * chi-squared statistic with continuity correction, (|b − c| − 1)² / (b + c), on one degree of freedom.
     */
    public static double mcnemar(int b, int c) {
        int n = b + c;
        if (n == 0) {
            return 1;
        }
        if (n < 25) {
            BinomialDistribution binomial = new BinomialDistribution(null, n, 0.5);
            double p = 2 * binomial.cumulativeProbability(Math.min(b, c));
            return Math.min(1, p);
        }
        double statistic = Math.pow(Math.abs(b - c) - 1, 2) / n;
        return 1 - new ChiSquaredDistribution(null, 1).cumulativeProbability(statistic);
    }

    /** The Wilcoxon signed-rank statistic and two-sided p-value. */
    public record Wilcoxon(double statistic, double pValue, int n) {
    }

    /**
     * Wilcoxon signed-rank test of {@code candidate − baseline}: zero differences dropped, tied |d|
     * averaged, statistic the smaller rank sum, p-value from the normal approximation with the tie
     * correction of the variance and no continuity correction (scipy's {@code wilcoxon(...,
     * zero_method="wilcox", correction=False, method="approx")}).
     */
    public static Wilcoxon wilcoxon(double[] baseline, double[] candidate) {
        double[] d = new double[baseline.length];
        int n = 0;
        for (int i = 0; i < baseline.length; i++) {
            double diff = candidate[i] - baseline[i];
            if (diff != 0) {
                d[n++] = diff;
            }
        }
        if (n == 0) {
            return new Wilcoxon(0, 1, 0);
        }
        d = Arrays.copyOf(d, n);
        double[] magnitudes = Arrays.stream(d).map(Math::abs).toArray();
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(magnitudes);
        double plus = 0;
        double minus = 0;
        for (int i = 0; i < n; i++) {
            if (d[i] > 0) {
                plus += ranks[i];
            } else {
                minus += ranks[i];
            }
        }
        double statistic = Math.min(plus, minus);
        double mean = n * (n + 1) / 4.0;
        double variance = n * (n + 1) * (2.0 * n + 1) / 24.0;
        double[] sorted = ranks.clone();
        Arrays.sort(sorted);
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && sorted[j + 1] == sorted[i]) {
                j++;
            }
            int t = j - i + 1;
            variance -= (t * t * t - t) / 48.0;
            i = j + 1;
        }
        double z = (statistic - mean) / Math.sqrt(variance);
        double p = 2 * new NormalDistribution(null, 0, 1).cumulativeProbability(-Math.abs(z));
        return new Wilcoxon(statistic, Math.min(1, p), n);
    }

    /** A percentile bootstrap confidence interval. */
    public record Interval(double low, double high) {

        public boolean excludesZero() {
            return low > 0 || high < 0;
        }
    }

    /**
     * The 95% percentile-bootstrap interval of a paired difference: {@code resamples} times, draw n pair
     * indices with replacement and evaluate {@code difference} on them. Seeded, so a comparison is
     * reproducible.
     */
    public static Interval bootstrap(int n, ToDoubleFunction<int[]> difference, int resamples, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[resamples];
        int kept = 0;
        int[] sample = new int[n];
        for (int r = 0; r < resamples; r++) {
            for (int i = 0; i < n; i++) {
                sample[i] = random.nextInt(n);
            }
            double value = difference.applyAsDouble(sample);
            if (!Double.isNaN(value)) {
                values[kept++] = value;
            }
        }
        if (kept == 0) {
            return new Interval(Double.NaN, Double.NaN);
        }
        double[] sorted = Arrays.copyOf(values, kept);
        Arrays.sort(sorted);
        return new Interval(io.modelledger.eval.metric.Regression.percentile(sorted, 2.5),
                            io.modelledger.eval.metric.Regression.percentile(sorted, 97.5));
    }
}
