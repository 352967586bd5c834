package io.modelledger.checks.statistics;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The tests that compare a candidate with a baseline (a canary with its primary version on live traffic, two runs
 * of a suite offline), each defined as scipy (and, for Holm, statsmodels) defines it; {@code TwoSampleTestsReferenceTest}
 * compares them with values those libraries computed ({@code two_sample_reference.py}). All are two-sided.
 * <ul>
 *   <li>Mann–Whitney U for per-record values (latency, tokens): {@code scipy.stats.mannwhitneyu}, exact when neither
 *       sample has ties and the smaller has at most 8 values (and the larger at most {@value #EXACT_MAX}), else the
 *       normal approximation with tie correction and continuity correction;</li>
 *   <li>Fisher's exact test for a 2×2 table of small counts: {@code scipy.stats.fisher_exact};</li>
 *   <li>the pooled two-proportion z-test for rates over large counts;</li>
 *   <li>Welch's t-test for means of scores: {@code scipy.stats.ttest_ind(equal_var=False)};</li>
 *   <li>Holm's step-down adjustment of a family of p-values: {@code statsmodels multipletests(method="holm")}.</li>
 * </ul>
 */
public final class TwoSampleTests {

    /** The larger sample's size up to which an exact Mann–Whitney p-value is computed (scipy has no bound; this keeps it fast). */
    static final int EXACT_MAX = 400;
    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    private TwoSampleTests() {
    }

    /** A test's statistic and two-sided p-value; {@code method} says how it was computed. */
    public record Test(double statistic, double pValue, String method) {
    }

    /**
     * Mann–Whitney U of {@code a} against {@code b}: the statistic is U of {@code a} (scipy's {@code U1}), the
     * p-value two-sided.
     */
    public static Test mannWhitney(double[] a, double[] b) {
        int n1 = a.length;
        int n2 = b.length;
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("both samples need values");
        }
        Integer[] order = IntStream.range(0, n1 + n2).boxed().toArray(Integer[]::new);
        double[] all = new double[n1 + n2];
        System.arraycopy(a, 0, all, 0, n1);
        System.arraycopy(b, 0, all, n1, n2);
        Arrays.sort(order, Comparator.comparingDouble(i -> all[i]));
        double[] ranks = new double[all.length];
        double tieTerm = 0;
        for (int i = 0; i < order.length; ) {
            int j = i;
            while (j + 1 < order.length && all[order[j + 1]] == all[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            double t = j - i + 1;
            tieTerm += t * t * t - t;
            i = j + 1;
        }
        double r1 = 0;
        for (int i = 0; i < n1; i++) {
            r1 += ranks[i];
        }
        double u1 = r1 - n1 * (n1 + 1) / 2.0;
        double u2 = (double) n1 * n2 - u1;
        double u = Math.max(u1, u2);
        if (tieTerm == 0 && Math.min(n1, n2) <= 8 && Math.max(n1, n2) <= EXACT_MAX) {
            return new Test(u1, Math.min(1, 2 * exactSurvival((int) Math.round(u), Math.min(n1, n2), Math.max(n1, n2))), "exact");
        }
        double n = n1 + n2;
        double mu = n1 * (double) n2 / 2;
        double s = Math.sqrt(n1 * (double) n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1))));
        double z = (u - mu - 0.5) / s;
        return new Test(u1, Math.min(1, 2 * NORMAL.cumulativeProbability(-z)), "asymptotic");
    }

    /**
     * P(U ≥ u) for samples of sizes m ≤ n without ties: the distribution built in probabilities, adding one value at a
     * time, p(m, n, u) = m/(m+n)·p(m−1, n, u−n) + n/(m+n)·p(m, n−1, u) — all additions of positive terms, so no
     * cancellation spoils the tail.
     */
    static double exactSurvival(int u, int m, int n) {
        // f[k][x]: P(U = x) for sizes (k, j) as j runs from 0 to n
        double[][] f = new double[m + 1][];
        for (int k = 0; k <= m; k++) {
            f[k] = new double[1];
            f[k][0] = 1; // sizes (k, 0): U = 0
        }
        for (int j = 1; j <= n; j++) {
            double[][] next = new double[m + 1][];
            next[0] = new double[] {1};
            for (int k = 1; k <= m; k++) {
                double[] p = new double[k * j + 1];
                double weightLast = (double) k / (k + j); // the largest value belongs to the first sample: it beats all j
                double weightOther = (double) j / (k + j);
                double[] withoutFirst = next[k - 1];
                for (int x = 0; x < withoutFirst.length; x++) {
                    p[x + j] += weightLast * withoutFirst[x];
                }
                double[] withoutSecond = f[k];
                for (int x = 0; x < withoutSecond.length; x++) {
                    p[x] += weightOther * withoutSecond[x];
                }
                next[k] = p;
            }
            f = next;
        }
        double[] distribution = f[m];
        double survival = 0;
        for (int x = Math.max(0, u); x < distribution.length; x++) {
            survival += distribution[x];
        }
        return survival;
    }

    /**
     * Fisher's exact test of the table {@code [[a, b], [c, d]]}: the statistic is the sample odds ratio a·d / (b·c),
     * the p-value the probability of all tables with the same margins as likely as this one or less.
     */
    public static Test fisherExact(int a, int b, int c, int d) {
        int total = a + b + c + d;
        int rowOne = a + b;
        int columnOne = a + c;
        double odds = (double) a * d / ((double) b * c);
        if (total == 0 || rowOne == 0 || columnOne == 0 || rowOne == total || columnOne == total) {
            return new Test(Double.isNaN(odds) ? Double.NaN : odds, 1, "exact");
        }
        HypergeometricDistribution tables = new HypergeometricDistribution(null, total, columnOne, rowOne);
        double observed = tables.probability(a);
        double p = 0;
        for (int x = tables.getSupportLowerBound(); x <= tables.getSupportUpperBound(); x++) {
            double probability = tables.probability(x);
            if (probability <= observed * (1 + 1e-7)) {
                p += probability;
            }
        }
        return new Test(odds, Math.min(1, p), "exact");
    }

    /** The pooled two-proportion z-test of x1/n1 against x2/n2: z of (p1 − p2). */
    public static Test twoProportions(long x1, long n1, long x2, long n2) {
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return new Test(0, 1, "z");
        }
        double z = (p1 - p2) / se;
        return new Test(z, Math.min(1, 2 * NORMAL.cumulativeProbability(-Math.abs(z))), "z");
    }

    /** Welch's t-test of the mean of {@code a} against {@code b} (sample variances, ddof 1). */
    public static Test welch(double[] a, double[] b) {
        double ma = mean(a);
        double mb = mean(b);
        double va = variance(a, ma) / a.length;
        double vb = variance(b, mb) / b.length;
        double t = (ma - mb) / Math.sqrt(va + vb);
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        TDistribution student = new TDistribution(null, df);
        return new Test(t, Math.min(1, 2 * student.cumulativeProbability(-Math.abs(t))), "welch");
    }

    /** Holm's step-down adjusted p-values, in the order given: reject where the adjusted value is below the level. */
    public static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            running = Math.max(running, (m - rank) * p[order[rank]]);
            adjusted[order[rank]] = Math.min(1, running);
        }
        return adjusted;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double variance(double[] values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / (values.length - 1);
    }
}
