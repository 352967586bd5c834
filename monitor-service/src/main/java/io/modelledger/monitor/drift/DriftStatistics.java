package io.modelledger.monitor.drift;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The drift statistics, each defined as scipy (and Evidently, for PSI and the normalisations) define it;
 * the tests compare them with values scipy computed. Numeric inputs to {@link #ks}, {@link #wasserstein}
 * and the binned statistics must be sorted ascending ({@link #sorted}) — sorting once per window is
 * where most of the time goes, so callers reuse sorted arrays.
 */
public final class DriftStatistics {

    /** Above this sample size the KS p-value uses the asymptotic distribution (scipy's {@code MAX_AUTO_N}). */
    public static final int KS_EXACT_MAX = 10_000;
    /** Bins of PSI and Jensen–Shannon for numeric features: deciles of the reference. */
    public static final int BINS = 10;
    /** Evidently's floor for empty bins in PSI (and here in Jensen–Shannon as well: no). */
    public static final double PSI_FLOOR = 0.0001;

    /** From this size a window's values are radix-sorted ({@link #radixSort}); below it, by comparison. */
    static final int RADIX_SORT_FROM = 4_096;

    private DriftStatistics() {
    }

    public static double[] sorted(double[] values) {
        double[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** A two-sample Kolmogorov–Smirnov result; {@code method} is {@code exact} or {@code asymptotic}. */
    public record Ks(double statistic, double pValue, String method) {
    }

    /**
     * Two-sided two-sample KS: D = sup |F_a − F_b|. The p-value P(D ≥ d) is exact when both samples have at
     * most {@value #KS_EXACT_MAX} values (the probability that a uniformly random lattice path of m and n
     * steps stays strictly inside the band |i/m − j/n| &lt; d, computed forward in probabilities), and
     * otherwise the asymptotic Kolmogorov distribution with Stephens' small-sample correction.
     */
    public static Ks ks(double[] sortedA, double[] sortedB) {
        int m = sortedA.length;
        int n = sortedB.length;
        double d = ksStatistic(sortedA, sortedB);
        if (Math.max(m, n) <= KS_EXACT_MAX) {
            return new Ks(d, ksExact(m, n, d), "exact");
        }
        return new Ks(d, ksAsymptotic(m, n, d), "asymptotic");
    }

    public static double ksStatistic(double[] a, double[] b) {
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < a.length && j < b.length) {
            double x = Math.min(a[i], b[j]);
            while (i < a.length && a[i] <= x) {
                i++;
            }
            while (j < b.length && b[j] <= x) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
        }
        return d;
    }

    static double ksExact(int m, int n, double d) {
        if (d <= 0) {
            return 1;
        }
        long g = gcd(m, n);
        long mg = m / g;
        long ng = n / g;
        long h = Math.round(d * mg * n);
        // inside[j]: probability that the path reached (i, j) staying strictly inside the band
        double[] inside = new double[n + 1];
        inside[0] = 1;
        for (int j = 1; j <= n; j++) {
            inside[j] = Math.abs(0 * ng - j * mg) >= h ? 0 : inside[j - 1] * (double) (n - j + 1) / (m + n - j + 1);
        }
        for (int i = 1; i <= m; i++) {
            double fromLeft = 0;
            for (int j = 0; j <= n; j++) {
                double up = inside[j] * (double) (m - i + 1) / (m - i + 1 + n - j);
                double left = j == 0 ? 0 : fromLeft * (double) (n - j + 1) / (m - i + n - j + 1);
                double value = Math.abs(i * ng - j * mg) >= h ? 0 : up + left;
                inside[j] = value;
                fromLeft = value;
            }
        }
        return Math.min(1, Math.max(0, 1 - inside[n]));
    }

    static double ksAsymptotic(int m, int n, double d) {
        double en = Math.sqrt((double) m * n / (m + n));
        double lambda = (en + 0.12 + 0.11 / en) * d;
        if (lambda < 1e-3) {
            return 1;
        }
        double sum = 0;
        for (int k = 1; k <= 200; k++) {
            double term = Math.exp(-2.0 * k * k * lambda * lambda);
            sum += (k % 2 == 1 ? 1 : -1) * term;
            if (term < 1e-18) {
                break;
            }
        }
        return Math.min(1, Math.max(0, 2 * sum));
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * The first Wasserstein distance between the two empirical distributions, ∫ |F_a − F_b| dx, as
     * {@code scipy.stats.wasserstein_distance}; divided by the reference's standard deviation (ddof 0) it
     * is Evidently's normalized Wasserstein distance.
     */
    public static double wasserstein(double[] sortedA, double[] sortedB) {
        int i = 0;
        int j = 0;
        double sum = 0;
        double previous = Math.min(sortedA[0], sortedB[0]);
        while (i < sortedA.length || j < sortedB.length) {
            double x = j >= sortedB.length || (i < sortedA.length && sortedA[i] <= sortedB[j]) ? sortedA[i] : sortedB[j];
            sum += Math.abs((double) i / sortedA.length - (double) j / sortedB.length) * (x - previous);
            while (i < sortedA.length && sortedA[i] == x) {
                i++;
            }
            while (j < sortedB.length && sortedB[j] == x) {
                j++;
            }
            previous = x;
        }
        return sum;
    }

    public static double standardDeviation(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / values.length);
    }

    /** The q-quantile (0–1) of sorted values by linear interpolation between closest ranks, numpy's default. */
    public static double quantile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    /** Interior bin edges: the reference's deciles ({@link #quantile}); bins are right-open. */
    public static double[] decileEdges(double[] sortedReference) {
        double[] edges = new double[BINS - 1];
        for (int k = 1; k < BINS; k++) {
            edges[k - 1] = quantile(sortedReference, k / (double) BINS);
        }
        return edges;
    }

    /** The share of sorted values in each bin: bin k holds values v with edges[k-1] ≤ v &lt; edges[k]. */
    public static double[] proportions(double[] sortedValues, double[] edges) {
        double[] shares = new double[edges.length + 1];
        int start = 0;
        for (int k = 0; k < edges.length; k++) {
            int end = upperBound(sortedValues, edges[k], start);
            shares[k] = end - start;
            start = end;
        }
        shares[edges.length] = sortedValues.length - start;
        for (int k = 0; k < shares.length; k++) {
            shares[k] /= sortedValues.length;
        }
        return shares;
    }

    /**
     * The same shares as {@link #proportions} for values in any order, without sorting them: each value goes
     * to the bin after the last edge not greater than it (a binary search over the few edges). This is how
     * a window's values meet a stored reference profile, whose edges come from its sorted sample.
     */
    public static double[] proportionsUnsorted(double[] values, int length, double[] edges) {
        long[] counts = new long[edges.length + 1];
        for (int i = 0; i < length; i++) {
            double value = values[i];
            int low = 0;
            int high = edges.length;
            while (low < high) { // the number of edges ≤ value
                int mid = (low + high) >>> 1;
                if (edges[mid] <= value) {
                    low = mid + 1;
                } else {
                    high = mid;
                }
            }
            counts[low]++;
        }
        double[] shares = new double[counts.length];
        for (int k = 0; k < counts.length; k++) {
            shares[k] = counts[k] / (double) length;
        }
        return shares;
    }

    /**
     * A sorted copy of the first {@code length} values, in the order {@link Arrays#sort(double[])} gives
     * (-0.0 before 0.0, NaN last, as the canonical NaN). Large inputs go through an LSD radix sort of the values' bits: measured
     * in {@code DriftBenchmark}, the comparison sort of a million values was most of a KS test's time.
     */
    public static double[] sortedCopy(double[] values, int length) {
        double[] copy = Arrays.copyOf(values, length);
        if (length < RADIX_SORT_FROM) {
            Arrays.sort(copy);
        } else {
            radixSort(copy);
        }
        return copy;
    }

    private static final int DIGIT_BITS = 11;
    private static final int PASSES = 6; // 6 × 11 ≥ 64 bits
    private static final int DIGIT_MASK = (1 << DIGIT_BITS) - 1;

    /**
     * Sorts in place by the doubles' IEEE-754 bits mapped to unsigned-comparable keys (a positive value's
     * sign bit set, a negative value's bits all flipped), one 11-bit digit per pass; a pass in which every key
     * has the same digit (the exponent's high bits, usually) is skipped.
     */
    static void radixSort(double[] values) {
        int n = values.length;
        if (n == 0) {
            return;
        }
        long[] keys = new long[n];
        int[][] counts = new int[PASSES][1 << DIGIT_BITS];
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToLongBits(values[i]); // every NaN as the one canonical (positive) NaN: sorts last
            long key = bits ^ ((bits >> 63) | Long.MIN_VALUE);
            keys[i] = key;
            for (int pass = 0; pass < PASSES; pass++) {
                counts[pass][(int) ((key >>> (pass * DIGIT_BITS)) & DIGIT_MASK)]++;
            }
        }
        long[] from = keys;
        long[] to = new long[n];
        for (int pass = 0; pass < PASSES; pass++) {
            int shift = pass * DIGIT_BITS;
            int[] count = counts[pass];
            if (count[(int) ((from[0] >>> shift) & DIGIT_MASK)] == n) {
                continue;
            }
            int offset = 0;
            for (int digit = 0; digit < count.length; digit++) {
                int c = count[digit];
                count[digit] = offset;
                offset += c;
            }
            for (int i = 0; i < n; i++) {
                long key = from[i];
                to[count[(int) ((key >>> shift) & DIGIT_MASK)]++] = key;
            }
            long[] swap = from;
            from = to;
            to = swap;
        }
        for (int i = 0; i < n; i++) {
            long key = from[i];
            values[i] = Double.longBitsToDouble(key < 0 ? key ^ Long.MIN_VALUE : ~key);
        }
    }

    /** The first index at or after {@code from} whose value is greater than or equal to... strictly: not less than edge. */
    private static int upperBound(double[] sorted, double edge, int from) {
        int low = from;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < edge) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * Population stability index, Σ (c − r) · ln(c / r) over the bins, with empty bins counted as
     * {@value #PSI_FLOOR} (Evidently's rule). Above 0.1 is usually read as drift, above 0.25 as a major shift.
     */
    public static double psi(double[] reference, double[] current) {
        double sum = 0;
        for (int k = 0; k < reference.length; k++) {
            double r = reference[k] == 0 ? PSI_FLOOR : reference[k];
            double c = current[k] == 0 ? PSI_FLOOR : current[k];
            sum += (c - r) * Math.log(c / r);
        }
        return sum;
    }

    /**
     * The Jensen–Shannon distance (the square root of the divergence, natural logarithm), as
     * {@code scipy.spatial.distance.jensenshannon}; 0 for identical distributions, at most √ln 2.
     */
    public static double jensenShannon(double[] p, double[] q) {
        double sp = Arrays.stream(p).sum();
        double sq = Arrays.stream(q).sum();
        double divergence = 0;
        for (int k = 0; k < p.length; k++) {
            double a = p[k] / sp;
            double b = q[k] / sq;
            double m = (a + b) / 2;
            divergence += relativeEntropy(a, m) + relativeEntropy(b, m);
        }
        return Math.sqrt(Math.max(0, divergence / 2));
    }

    private static double relativeEntropy(double x, double y) {
        return x == 0 ? 0 : x * Math.log(x / y);
    }

    /** A chi-squared goodness-of-fit result. */
    public record ChiSquared(double statistic, double pValue, int degreesOfFreedom) {
    }

    /**
     * Chi-squared goodness of fit of the current counts against the reference proportions (expected =
     * reference share × current total), as {@code scipy.stats.chisquare} (the test Evidently runs).
     * Categories the reference never saw are pooled with its rarest category, so no expectation is zero.
     */
    public static ChiSquared chiSquared(Map<String, Long> reference, Map<String, Long> current) {
        Map<String, Long> observed = new LinkedHashMap<>();
        Set<String> categories = new TreeSet<>(reference.keySet());
        String rarest = reference.entrySet().stream().min(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElseThrow();
        categories.forEach(c -> observed.put(c, 0L));
        current.forEach((c, count) -> observed.merge(reference.containsKey(c) ? c : rarest, count, Long::sum));
        double referenceTotal = reference.values().stream().mapToLong(Long::longValue).sum();
        double currentTotal = current.values().stream().mapToLong(Long::longValue).sum();
        double statistic = 0;
        for (String c : categories) {
            double expected = reference.get(c) / referenceTotal * currentTotal;
            double difference = observed.get(c) - expected;
            statistic += difference * difference / expected;
        }
        int dof = categories.size() - 1;
        double p = dof <= 0 ? 1 : 1 - new ChiSquaredDistribution(null, dof).cumulativeProbability(statistic);
        return new ChiSquared(statistic, p, dof);
    }

    /** Category shares over the union of categories (sorted), for Jensen–Shannon on categorical features. */
    public static double[][] categoricalShares(Map<String, Long> reference, Map<String, Long> current) {
        Set<String> categories = new TreeSet<>(reference.keySet());
        categories.addAll(current.keySet());
        double[][] shares = new double[2][categories.size()];
        int k = 0;
        for (String c : categories) {
            shares[0][k] = reference.getOrDefault(c, 0L);
            shares[1][k] = current.getOrDefault(c, 0L);
            k++;
        }
        return shares;
    }
}
