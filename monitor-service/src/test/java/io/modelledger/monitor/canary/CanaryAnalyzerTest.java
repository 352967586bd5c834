package io.modelledger.monitor.canary;

import io.modelledger.contracts.monitor.CanaryAnalysisCompleted;
import io.modelledger.contracts.monitor.CanaryAnalysisCompleted.Metric;
import io.modelledger.monitor.telemetry.query.CanaryEvidenceStore.Arm;
import io.modelledger.monitor.telemetry.query.CanaryEvidenceStore.Moments;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The canary verdict: per metric the fitting test, Holm over the metrics, tolerances, minimum samples and directions. */
class CanaryAnalyzerTest {

    /** {@code n} records with latencies 20 + i mod 30 (+ {@code slower}) ms and {@code errors} errors. */
    private static Arm arm(long n, long errors, double slower, Map<String, Moments> scores, Map<String, String> kinds) {
        Map<Double, Long> latency = new HashMap<>();
        for (long i = 0; i < n; i++) {
            latency.merge(20.0 + i % 30 + slower, 1L, Long::sum);
        }
        return new Arm(n, errors, 0, latency, Map.of(0.0, n), Map.of(0.0, n), scores, kinds);
    }

    private static Arm arm(long n, long errors, double slower) {
        return arm(n, errors, slower, Map.of(), Map.of());
    }

    private static Metric metric(CanaryAnalyzer.Result result, String name) {
        return result.metrics().stream().filter(m -> m.metric().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void identicalArmsShowNoSignificantDifference() {
        CanaryAnalyzer.Result result = CanaryAnalyzer.analyse(arm(1000, 10, 0), arm(1000, 10, 0), CanarySettings.defaults());
        assertThat(result.outcome()).isEqualTo(CanaryAnalysisCompleted.NO_DIFFERENCE);
        assertThat(result.metrics()).extracting(Metric::metric).as("no tokens anywhere: no token metrics")
                                    .containsExactly("error_rate", "safety_flag_rate", "latency_ms");
        assertThat(metric(result, "latency_ms").effect()).isEqualTo(0.5);
        assertThat(metric(result, "latency_ms").pValue()).isEqualTo(1.0);
    }

    @Test
    void aHigherErrorRateAndSlowerAnswersAreWorseEachByItsOwnTest() {
        CanaryAnalyzer.Result result = CanaryAnalyzer.analyse(arm(1000, 10, 0), arm(1000, 60, 15), CanarySettings.defaults());
        assertThat(result.outcome()).isEqualTo(CanaryAnalysisCompleted.WORSE);
        Metric errors = metric(result, "error_rate");
        assertThat(errors.test()).isEqualTo("two-proportion-z");
        assertThat(errors.outcome()).isEqualTo(CanaryAnalysisCompleted.WORSE);
        assertThat(errors.effect()).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(errors.effectLow()).isPositive();
        assertThat(errors.pAdjusted()).isGreaterThanOrEqualTo(errors.pValue());
        Metric latency = metric(result, "latency_ms");
        assertThat(latency.test()).isEqualTo("mann-whitney-u");
        assertThat(latency.outcome()).isEqualTo(CanaryAnalysisCompleted.WORSE);
        assertThat(latency.candidateValue()).isGreaterThan(latency.primaryValue());
    }

    @Test
    void fewerErrorsAreBetterAndRareErrorsAreJudgedByFishersExactTest() {
        CanaryAnalyzer.Result result = CanaryAnalyzer.analyse(arm(200, 8, 0), arm(200, 0, 0), CanarySettings.defaults());
        Metric errors = metric(result, "error_rate");
        assertThat(errors.test()).isEqualTo("fisher-exact");
        assertThat(errors.outcome()).isEqualTo(CanaryAnalysisCompleted.BETTER);
        assertThat(result.outcome()).isEqualTo(CanaryAnalysisCompleted.BETTER);
    }

    @Test
    void tooFewRecordsInEitherArmAreInsufficientDataUnlessAnotherMetricIsWorse() {
        CanaryAnalyzer.Result result = CanaryAnalyzer.analyse(arm(1000, 10, 0), arm(99, 1, 0), CanarySettings.defaults());
        assertThat(result.outcome()).isEqualTo(CanaryAnalysisCompleted.INSUFFICIENT);
        assertThat(metric(result, "error_rate").pValue()).isNull();
        CanarySettings lenient = new CanarySettings(null, null, null,
                Map.of("latency_ms", new CanarySettings.MetricSettings(50L, null)));
        CanaryAnalyzer.Result slower = CanaryAnalyzer.analyse(arm(1000, 10, 0), arm(99, 1, 40), lenient);
        assertThat(slower.outcome()).as("a worse metric decides even when another lacks data").isEqualTo(CanaryAnalysisCompleted.WORSE);
    }

    @Test
    void aShiftWithinTheToleranceIsNotWorse() {
        CanarySettings tolerant = new CanarySettings(null, null, null,
                Map.of("latency_ms", new CanarySettings.MetricSettings(null, 0.45)));
        CanaryAnalyzer.Result result = CanaryAnalyzer.analyse(arm(1000, 10, 0), arm(1000, 10, 1), tolerant);
        assertThat(metric(result, "latency_ms").pValue()).isLessThan(0.05);
        assertThat(metric(result, "latency_ms").outcome()).isEqualTo(CanaryAnalysisCompleted.NO_DIFFERENCE);
    }

    @Test
    void scoresAreComparedByWelchOnTheirMeansAndFindingRatesAsProportions() {
        // groundedness: mean 0.8 (sd 0.1) against 0.7 (sd 0.1), 500 each; pii: 5 of 500 against 40 of 500 findings
        Map<String, Moments> primaryScores = Map.of("grounded", moments(500, 0.8, 0.1), "pii", new Moments(500, 5, 5));
        Map<String, Moments> candidateScores = Map.of("grounded", moments(500, 0.7, 0.1), "pii", new Moments(500, 40, 40));
        Map<String, String> kinds = Map.of("grounded", "groundedness", "pii", "pii");
        CanaryAnalyzer.Result result = CanaryAnalyzer.analyse(arm(500, 5, 0, primaryScores, kinds), arm(500, 5, 0, candidateScores, kinds),
                                                              CanarySettings.defaults());
        Metric grounded = metric(result, "score:grounded");
        assertThat(grounded.test()).isEqualTo("welch-t");
        assertThat(grounded.higherIsWorse()).isFalse();
        assertThat(grounded.effect()).isCloseTo(-0.1, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(grounded.outcome()).isEqualTo(CanaryAnalysisCompleted.WORSE);
        Metric pii = metric(result, "score:pii");
        assertThat(pii.higherIsWorse()).isTrue();
        assertThat(pii.outcome()).isEqualTo(CanaryAnalysisCompleted.WORSE);
    }

    @Test
    void sampledScoresOrFeedbackBelowTheirMinimumDoNotHoldTheVerdictUpAndMoreNegativeFeedbackIsWorse() {
        Map<String, Moments> few = Map.of("grounded", moments(20, 0.8, 0.1));
        Map<String, String> kinds = Map.of("grounded", "groundedness");
        CanaryAnalyzer.Result result = CanaryAnalyzer.analyse(arm(1000, 10, 0, few, kinds), arm(1000, 10, 0, few, kinds),
                                                              new CanaryAnalyzer.Feedback(30, 3), new CanaryAnalyzer.Feedback(40, 4),
                                                              CanarySettings.defaults());
        assertThat(metric(result, "score:grounded").outcome()).isEqualTo(CanaryAnalysisCompleted.INSUFFICIENT);
        assertThat(metric(result, "negative_feedback_rate").outcome()).isEqualTo(CanaryAnalysisCompleted.INSUFFICIENT);
        assertThat(result.outcome()).isEqualTo(CanaryAnalysisCompleted.NO_DIFFERENCE);
        CanaryAnalyzer.Result unhappy = CanaryAnalyzer.analyse(arm(1000, 10, 0), arm(1000, 10, 0), new CanaryAnalyzer.Feedback(400, 20),
                                                               new CanaryAnalyzer.Feedback(400, 80), CanarySettings.defaults());
        assertThat(metric(unhappy, "negative_feedback_rate").outcome()).isEqualTo(CanaryAnalysisCompleted.WORSE);
        assertThat(unhappy.outcome()).isEqualTo(CanaryAnalysisCompleted.WORSE);
    }

    /** The moments of {@code n} scores with this mean and sample standard deviation. */
    private static Moments moments(long n, double mean, double sd) {
        double sum = n * mean;
        return new Moments(n, sum, sd * sd * (n - 1) + sum * sum / n);
    }

    @Test
    void theMedianOfAFrequencyTable() {
        assertThat(CanaryAnalyzer.median(Map.of(1.0, 1L, 2.0, 1L, 10.0, 1L))).isEqualTo(2.0);
        assertThat(CanaryAnalyzer.median(Map.of(1.0, 2L, 3.0, 2L))).isEqualTo(2.0);
        assertThat(CanaryAnalyzer.median(Map.of())).isNull();
    }
}
