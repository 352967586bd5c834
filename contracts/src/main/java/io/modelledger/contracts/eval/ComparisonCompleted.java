package io.modelledger.contracts.eval;

import java.util.Map;

/**
 * An A/B comparison of two runs on the same suite version: per metric the difference (candidate minus
 * baseline), its bootstrap 95% confidence interval and the paired test's p-value; {@code outcome} is
 * {@code candidate-better}, {@code baseline-better}, {@code mixed} or {@code no-significant-difference}.
 */
public record ComparisonCompleted(String comparisonId, String suiteName, String suiteSha256, String subjectKind,
                                  Side baseline, Side candidate, Map<String, MetricComparison> metrics, String outcome) {

    public ComparisonCompleted {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }

    /** One arm: the subject version and the run that measured it. */
    public record Side(String subjectName, int subjectVersion, String runId) {
    }

    /**
     * @param test      {@code mcnemar}, {@code wilcoxon} or {@code bootstrap} (no per-case test applies)
     * @param better    {@code candidate}, {@code baseline} or {@code none} (not significant at 5%: for a metric that
     *                  decides the outcome, after Holm's adjustment over the deciding metrics' tests)
     * @param pAdjusted the p-value after Holm's adjustment over the deciding metrics that have a test; null for the
     *                  others (and in comparisons recorded before the adjustment existed)
     */
    public record MetricComparison(double baseline, double candidate, double difference, double ciLow, double ciHigh,
                                   String test, Double pValue, int pairs, String better, Double pAdjusted) {

        public MetricComparison(double baseline, double candidate, double difference, double ciLow, double ciHigh, String test,
                                Double pValue, int pairs, String better) {
            this(baseline, candidate, difference, ciLow, ciHigh, test, pValue, pairs, better, null);
        }

        /** The same comparison judged on a Holm-adjusted p-value. */
        public MetricComparison adjusted(double p, String judged) {
            return new MetricComparison(baseline, candidate, difference, ciLow, ciHigh, test, pValue, pairs, judged, p);
        }
    }
}
