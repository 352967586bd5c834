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
        if (tieTerm == 0 && Math.min(n1, n2) <= 8 && Math.max(n1, n2) <= EXACT_MAX) {
            double u = Math.max(u1, (double) n1 * n2 - u1);
            return new Test(u1, Math.min(1, 2 * exactSurvival((int) Math.round(u), Math.min(n1, n2), Math.max(n1, n2))), "exact");
        }
        return asymptotic(u1, n1, n2, tieTerm);
    }

    /**
     * Mann–Whitney U of two samples given as frequency tables ({@code values[i]} occurs {@code counts[i]} times; values in
     * any order, repeats allowed): the same statistic and p-value as {@link #mannWhitney(double[], double[])} on the
     * expanded samples, in time linear in the distinct values after sorting them, so a million records per arm whose
     * values were rounded (latency to three significant digits, token counts) cost a few thousand steps. Exact when
     * the expanded samples would be (small, no ties), asymptotic otherwise.
     */
    public static Test mannWhitney(double[] values1, long[] counts1, double[] values2, long[] counts2) {
        long n1 = total(counts1);
        long n2 = total(counts2);
        if (n1 == 0 || n2 == 0) {
            throw new IllegalArgumentException("both samples need values");
        }
        java.util.TreeMap<Double, long[]> merged = new java.util.TreeMap<>();
        for (int i = 0; i < values1.length; i++) {
            merged.computeIfAbsent(values1[i], v -> new long[2])[0] += counts1[i];
        }
        for (int i = 0; i < values2.length; i++) {
            merged.computeIfAbsent(values2[i], v -> new long[2])[1] += counts2[i];
        }
        boolean ties = merged.values().stream().anyMatch(c -> c[0] + c[1] > 1);
        if (!ties && Math.min(n1, n2) <= 8 && Math.max(n1, n2) <= EXACT_MAX) {
            return mannWhitney(expand(merged, 0), expand(merged, 1));
        }
        double below = 0; // values ranked before the current group
        double r1 = 0;
        double tieTerm = 0;
        for (long[] c : merged.values()) {
            double t = c[0] + c[1];
            double rank = below + (t + 1) / 2; // the mean rank of the group
            r1 += c[0] * rank;
            tieTerm += t * t * t - t;
            below += t;
        }
        double u1 = r1 - n1 * (n1 + 1) / 2.0;
        return asymptotic(u1, n1, n2, tieTerm);
    }

    private static long total(long[] counts) {
        long n = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("counts must not be negative");
            }
            n += c;
        }
        return n;
    }

    private static double[] expand(java.util.SortedMap<Double, long[]> merged, int sample) {
        return merged.entrySet().stream().flatMapToDouble(e -> java.util.stream.DoubleStream.generate(e::getKey)
                                                                                            .limit(e.getValue()[sample])).toArray();
    }

    private static Test asymptotic(double u1, double n1, double n2, double tieTerm) {
        double u = Math.max(u1, n1 * n2 - u1);
        double n = n1 + n2;
        double mu = n1 * n2 / 2;
        double s = Math.sqrt(n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1))));
        if (s == 0) { // every value equal: nothing tells the samples apart
            return new Test(u1, 1, "asymptotic");
        }
        double z = (u - mu - 0.5) / s;
        return new Test(u1, Math.min(1, 2 * NORMAL.cumulativeProbability(-z)), "asymptotic");
    }

    /**
     * The probability of superiority of the first sample, U1 / (n1·n2) (P(X > Y) + ½·P(X = Y)), with an approximate
     * confidence interval at {@code level} from Hanley and McNeil's standard error (1982), clipped to [0, 1].
     */
    public static double[] superiority(double u1, long n1, long n2, double level) {
        double a = u1 / ((double) n1 * n2);
        double q1 = a / (2 - a);
        double q2 = 2 * a * a / (1 + a);
        double variance = (a * (1 - a) + (n1 - 1) * (q1 - a * a) + (n2 - 1) * (q2 - a * a)) / ((double) n1 * n2);
        double half = NORMAL.inverseCumulativeProbability(0.5 + level / 2) * Math.sqrt(Math.max(0, variance));
        return new double[] {a, Math.max(0, a - half), Math.min(1, a + half)};
    }

    /** The difference of two proportions x1/n1 − x2/n2 with its Wald confidence interval at {@code level}. */
    public static double[] proportionDifference(long x1, long n1, long x2, long n2, double level) {
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double half = NORMAL.inverseCumulativeProbability(0.5 + level / 2) * Math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2);
        return new double[] {p1 - p2, p1 - p2 - half, p1 - p2 + half};
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

    /**
     * Two rates compared with the test that fits their counts: Fisher's exact test when an expected cell of the 2×2 table
     * is below 5 (the z-test's normal approximation does not hold there), else the pooled two-proportion z-test.
     */
    public static Test proportions(long x1, long n1, long x2, long n2) {
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double smallestExpected = Math.min(n1, n2) * Math.min(pooled, 1 - pooled);
        if (smallestExpected < 5 && n1 + n2 <= Integer.MAX_VALUE) {
            return fisherExact((int) x1, (int) (n1 - x1), (int) x2, (int) (n2 - x2));
        }
        return twoProportions(x1, n1, x2, n2);
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
        return welch(a.length, ma, variance(a, ma), b.length, mb, variance(b, mb));
    }

    /**
     * Welch's t-test from each sample's size, mean and sample variance (ddof 1), which sums of values and of squares
     * give without the values: what an analysis over a million scores per arm keeps.
     */
    public static Test welch(long n1, double mean1, double variance1, long n2, double mean2, double variance2) {
        double va = variance1 / n1;
        double vb = variance2 / n2;
        if (va + vb == 0) {
            return new Test(mean1 == mean2 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, mean1 - mean2), mean1 == mean2 ? 1 : 0, "welch");
        }
        double t = (mean1 - mean2) / Math.sqrt(va + vb);
        TDistribution student = new TDistribution(null, welchDegreesOfFreedom(n1, va, n2, vb));
        return new Test(t, Math.min(1, 2 * student.cumulativeProbability(-Math.abs(t))), "welch");
    }

    private static double welchDegreesOfFreedom(long n1, double va, long n2, double vb) {
        return (va + vb) * (va + vb) / (va * va / (n1 - 1) + vb * vb / (n2 - 1));
    }

    /** The difference of means mean1 − mean2 with its Welch confidence interval at {@code level}. */
    public static double[] meanDifference(long n1, double mean1, double variance1, long n2, double mean2, double variance2, double level) {
        double va = variance1 / n1;
        double vb = variance2 / n2;
        double difference = mean1 - mean2;
        if (va + vb == 0) {
            return new double[] {difference, difference, difference};
        }
        double quantile = new TDistribution(null, welchDegreesOfFreedom(n1, va, n2, vb)).inverseCumulativeProbability(0.5 + level / 2);
        double half = quantile * Math.sqrt(va + vb);
        return new double[] {difference, difference - half, difference + half};
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
