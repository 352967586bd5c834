package io.modelledger.monitor.canary;

import io.modelledger.checks.statistics.TwoSampleTests;
import io.modelledger.contracts.monitor.CanaryAnalysisCompleted;
import io.modelledger.contracts.monitor.CanaryAnalysisCompleted.Metric;
import io.modelledger.monitor.telemetry.query.CanaryEvidenceStore.Arm;
import io.modelledger.monitor.telemetry.query.CanaryEvidenceStore.Moments;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges a canary against its primary version, metric by metric, with the test that fits each
 * ({@code docs/metrics.md}, "Canary analysis"):
 * <ul>
 *   <li>rates (errors, safety flags, binary online checks): Fisher's exact test when an expected cell of the 2×2 table is
 *       below 5, else the pooled two-proportion z-test; effect: the difference of rates, with its Wald interval;</li>
 *   <li>latency and token counts: Mann–Whitney U on the per-record values (latency at three significant digits); effect:
 *       the probability that a candidate record exceeds a primary one, with Hanley and McNeil's interval;</li>
 *   <li>mean online scores: Welch's t-test; effect: the difference of means, with Welch's interval.</li>
 * </ul>
 * A metric below its minimum sample in either arm is {@code insufficient-data}. The others' p-values are adjusted by
 * Holm; a metric is worse (better) when its adjusted p-value is below alpha and its effect lies beyond its tolerance the
 * worse (better) way. The analysis is worse if any metric is, else insufficient if error rate or latency lacks data
 * (sampled scores and feedback may lack it without holding the verdict up), else better if any metric is.
 * Negative feedback (from bound keys only) is a rate like errors, judged when either arm has any.
 */
public final class CanaryAnalyzer {

    private static final double LEVEL = 0.95;
    /** Online checks whose score is 1 for a finding (a higher rate is worse) and 0 otherwise. */
    private static final Set<String> FINDING_CHECKS = Set.of("pii", "toxicity");
    /** Online checks whose score is 1 for a pass (a lower rate is worse). */
    private static final Set<String> PASS_CHECKS = Set.of("equals", "contains", "regex", "json_valid", "json_schema");

    private CanaryAnalyzer() {
    }

    /** The verdict and its metrics, in a fixed order. */
    public record Result(String outcome, List<Metric> metrics) {
    }

    public static Result analyse(Arm primary, Arm candidate, CanarySettings settings) {
        return analyse(primary, candidate, NO_FEEDBACK, NO_FEEDBACK, settings);
    }

    /** Feedback on one arm: how many items, how many negative. */
    public record Feedback(long total, long negative) {
    }

    static final Feedback NO_FEEDBACK = new Feedback(0, 0);
    /** The metrics whose lack of data makes the whole analysis {@code insufficient-data}; the others are judged when they have it. */
    static final Set<String> CORE = Set.of("error_rate", "latency_ms");

    public static Result analyse(Arm primary, Arm candidate, Feedback primaryFeedback, Feedback candidateFeedback, CanarySettings settings) {
        List<Draft> drafts = new ArrayList<>();
        drafts.add(rate("error_rate", primary.errors(), primary.records(), candidate.errors(), candidate.records(), true, settings));
        drafts.add(rate("safety_flag_rate", primary.flagged(), primary.records(), candidate.flagged(), candidate.records(), true, settings));
        drafts.add(ranks("latency_ms", primary.latency(), candidate.latency(), settings));
        if (hasTokens(primary) || hasTokens(candidate)) {
            drafts.add(ranks("prompt_tokens", primary.promptTokens(), candidate.promptTokens(), settings));
            drafts.add(ranks("completion_tokens", primary.completionTokens(), candidate.completionTokens(), settings));
        }
        if (primaryFeedback.total() > 0 || candidateFeedback.total() > 0) {
            drafts.add(rate("negative_feedback_rate", primaryFeedback.negative(), primaryFeedback.total(), candidateFeedback.negative(),
                            candidateFeedback.total(), true, settings));
        }
        Set<String> checks = new java.util.TreeSet<>(primary.scores().keySet());
        checks.addAll(candidate.scores().keySet());
        for (String check : checks) {
            Moments p = primary.scores().getOrDefault(check, new Moments(0, 0, 0));
            Moments c = candidate.scores().getOrDefault(check, new Moments(0, 0, 0));
            String kind = candidate.kinds().getOrDefault(check, primary.kinds().getOrDefault(check, check));
            String name = "score:" + check;
            if (FINDING_CHECKS.contains(kind) || PASS_CHECKS.contains(kind)) { // 0/1 scores: the sum counts the ones
                drafts.add(rate(name, Math.round(p.sum()), p.n(), Math.round(c.sum()), c.n(), FINDING_CHECKS.contains(kind), settings));
            } else {
                drafts.add(means(name, p, c, settings));
            }
        }
        return judge(drafts, settings.alpha());
    }

    /** A metric before Holm: its numbers, its p-value (null when insufficient), and its effect with interval. */
    private record Draft(String metric, String test, boolean higherIsWorse, long primaryCount, long candidateCount, long minSamples,
                         Double primaryValue, Double candidateValue, Double statistic, Double p, double[] effect,
                         double tolerance, double neutral) {
    }

    private static Draft rate(String metric, long x1, long n1, long x2, long n2, boolean higherIsWorse, CanarySettings settings) {
        long min = settings.minSamples(metric);
        double tolerance = settings.tolerance(metric, 0.0);
        Double pv = n1 == 0 ? null : (double) x1 / n1;
        Double cv = n2 == 0 ? null : (double) x2 / n2;
        if (n1 < min || n2 < min) {
            return new Draft(metric, "two-proportion", higherIsWorse, n1, n2, min, pv, cv, null, null, null, tolerance, 0);
        }
        TwoSampleTests.Test test = TwoSampleTests.proportions(x2, n2, x1, n1); // candidate first: statistics read candidate vs primary
        String name = test.method().equals("exact") ? "fisher-exact" : "two-proportion-z";
        double[] effect = TwoSampleTests.proportionDifference(x2, n2, x1, n1, LEVEL);
        return new Draft(metric, name, higherIsWorse, n1, n2, min, pv, cv, finite(test.statistic()), test.pValue(), effect, tolerance, 0);
    }

    private static Draft ranks(String metric, Map<Double, Long> primary, Map<Double, Long> candidate, CanarySettings settings) {
        long min = settings.minSamples(metric);
        double tolerance = settings.tolerance(metric, 0.02);
        long n1 = total(primary);
        long n2 = total(candidate);
        Double pv = median(primary);
        Double cv = median(candidate);
        if (n1 < min || n2 < min) {
            return new Draft(metric, "mann-whitney-u", true, n1, n2, min, pv, cv, null, null, null, tolerance, 0.5);
        }
        double[][] c = table(candidate);
        double[][] p = table(primary);
        TwoSampleTests.Test test = TwoSampleTests.mannWhitney(c[0], longs(c[1]), p[0], longs(p[1]));
        double[] effect = TwoSampleTests.superiority(test.statistic(), n2, n1, LEVEL);
        return new Draft(metric, "mann-whitney-u", true, n1, n2, min, pv, cv, test.statistic(), test.pValue(), effect, tolerance, 0.5);
    }

    private static Draft means(String metric, Moments p, Moments c, CanarySettings settings) {
        long min = settings.minSamples(metric);
        double tolerance = settings.tolerance(metric, 0.0);
        Double pv = p.n() == 0 ? null : p.mean();
        Double cv = c.n() == 0 ? null : c.mean();
        if (p.n() < Math.max(2, min) || c.n() < Math.max(2, min)) {
            return new Draft(metric, "welch-t", false, p.n(), c.n(), min, pv, cv, null, null, null, tolerance, 0);
        }
        TwoSampleTests.Test test = TwoSampleTests.welch(c.n(), c.mean(), c.variance(), p.n(), p.mean(), p.variance());
        double[] effect = TwoSampleTests.meanDifference(c.n(), c.mean(), c.variance(), p.n(), p.mean(), p.variance(), LEVEL);
        return new Draft(metric, "welch-t", false, p.n(), c.n(), min, pv, cv, finite(test.statistic()), test.pValue(), effect, tolerance, 0);
    }

    private static Result judge(List<Draft> drafts, double alpha) {
        List<Draft> tested = drafts.stream().filter(d -> d.p() != null).toList();
        double[] adjusted = TwoSampleTests.holm(tested.stream().mapToDouble(Draft::p).toArray());
        List<Metric> metrics = new ArrayList<>();
        boolean worse = false;
        boolean better = false;
        boolean insufficient = false;
        for (Draft d : drafts) {
            String outcome;
            Double pAdjusted = null;
            if (d.p() == null) {
                outcome = CanaryAnalysisCompleted.INSUFFICIENT;
                insufficient |= CORE.contains(d.metric());
            } else {
                pAdjusted = adjusted[tested.indexOf(d)];
                double shift = d.effect()[0] - d.neutral(); // > 0: the candidate is higher
                double worseShift = d.higherIsWorse() ? shift : -shift;
                boolean significant = pAdjusted < alpha;
                if (significant && worseShift > d.tolerance()) {
                    outcome = CanaryAnalysisCompleted.WORSE;
                    worse = true;
                } else if (significant && -worseShift > d.tolerance()) {
                    outcome = CanaryAnalysisCompleted.BETTER;
                    better = true;
                } else {
                    outcome = CanaryAnalysisCompleted.NO_DIFFERENCE;
                }
            }
            double[] e = d.effect();
            metrics.add(new Metric(d.metric(), d.test(), d.higherIsWorse(), d.primaryCount(), d.candidateCount(), d.minSamples(),
                                   d.primaryValue(), d.candidateValue(), d.statistic(), d.p(), pAdjusted,
                                   e == null ? null : e[0], e == null ? null : e[1], e == null ? null : e[2], d.tolerance(), outcome));
        }
        String outcome = worse ? CanaryAnalysisCompleted.WORSE : insufficient ? CanaryAnalysisCompleted.INSUFFICIENT
                : better ? CanaryAnalysisCompleted.BETTER : CanaryAnalysisCompleted.NO_DIFFERENCE;
        return new Result(outcome, metrics);
    }

    private static boolean hasTokens(Arm arm) {
        return arm.promptTokens().keySet().stream().anyMatch(v -> v > 0) || arm.completionTokens().keySet().stream().anyMatch(v -> v > 0);
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static long total(Map<Double, Long> table) {
        return table.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The median of a frequency table (the mean of the two middle values when the count is even), or null when empty. */
    static Double median(Map<Double, Long> table) {
        long n = total(table);
        if (n == 0) {
            return null;
        }
        List<Map.Entry<Double, Long>> sorted = table.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList();
        long lowRank = (n - 1) / 2;
        long highRank = n / 2;
        Double low = null;
        long seen = 0;
        for (Map.Entry<Double, Long> e : sorted) {
            seen += e.getValue();
            if (low == null && seen > lowRank) {
                low = e.getKey();
            }
            if (seen > highRank) {
                return (low + e.getKey()) / 2;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private static double[][] table(Map<Double, Long> counts) {
        double[][] t = new double[2][counts.size()];
        int i = 0;
        for (Map.Entry<Double, Long> e : counts.entrySet()) {
            t[0][i] = e.getKey();
            t[1][i] = e.getValue();
            i++;
        }
        return t;
    }

    private static long[] longs(double[] values) {
        long[] l = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            l[i] = (long) values[i];
        }
        return l;
    }
}
