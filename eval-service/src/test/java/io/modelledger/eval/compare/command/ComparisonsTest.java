package io.modelledger.eval.compare.command;

import io.modelledger.contracts.eval.ComparisonCompleted.MetricComparison;
import io.modelledger.contracts.eval.MetricSpec;
import io.modelledger.eval.metric.CaseOutcome;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-metric comparison: the right paired test, its direction, and no winner where there is none. */
class ComparisonsTest {

    private static List<CaseOutcome> outcomes(int n, java.util.function.IntPredicate correct, java.util.function.IntToDoubleFunction similarity,
                                              java.util.function.IntToLongFunction latency) {
        List<CaseOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            outcomes.add(new CaseOutcome("c" + i, "yes", correct.test(i) ? "yes" : "no", null, Map.of(), latency.applyAsLong(i), 10, 5,
                                         0.001, null, Map.of("pass", correct.test(i) ? 1.0 : 0.0, "similar", similarity.applyAsDouble(i))));
        }
        return outcomes;
    }

    @Test
    void aClearlyBetterCandidateWinsOnPassFailAndScores() {
        List<CaseOutcome> baseline = outcomes(60, i -> i % 3 == 0, i -> 0.5 + (i % 7) * 0.01, i -> 100);
        List<CaseOutcome> candidate = outcomes(60, i -> i % 10 != 0, i -> 0.7 + (i % 5) * 0.01, i -> 100);
        MetricComparison pass = Comparisons.compare(new MetricSpec("pass", "contains", null, 0.8, null), baseline, candidate, 1);
        assertThat(pass.test()).isEqualTo("mcnemar");
        assertThat(pass.pValue()).isLessThan(0.001);
        assertThat(pass.better()).isEqualTo("candidate");
        assertThat(pass.ciLow()).isPositive();
        MetricComparison similar = Comparisons.compare(new MetricSpec("similar", "semantic_similarity", null, 0.5, null), baseline, candidate, 1);
        assertThat(similar.test()).isEqualTo("wilcoxon");
        assertThat(similar.better()).isEqualTo("candidate");
        MetricComparison accuracy = Comparisons.compare(new MetricSpec(null, "accuracy", null, null, null), baseline, candidate, 1);
        assertThat(accuracy.test()).isEqualTo("mcnemar");
        assertThat(accuracy.difference()).isPositive();
    }

    @Test
    void lowerLatencyIsBetterAndEqualRunsHaveNoWinner() {
        List<CaseOutcome> slow = outcomes(40, i -> true, i -> 0.8, i -> 200 + i);
        List<CaseOutcome> fast = outcomes(40, i -> true, i -> 0.8, i -> 120 + i);
        MetricComparison latency = Comparisons.compare(new MetricSpec(null, "latency_p95", null, null, null), slow, fast, 1);
        assertThat(latency.difference()).isNegative();
        assertThat(latency.better()).isEqualTo("candidate");
        MetricComparison same = Comparisons.compare(new MetricSpec("pass", "contains", null, 0.8, null), slow, fast, 1);
        assertThat(same.better()).isEqualTo("none");
        assertThat(same.pValue()).isEqualTo(1.0);
    }

    @Test
    void twoGatingMetricsThatEachWinByLuckAtFivePercentDoNotMakeTheCandidateBetterAfterHolm() {
        List<MetricSpec> specs = List.of(new MetricSpec("pass", "contains", null, 0.8, null), new MetricSpec("similar", "semantic_similarity", null, 0.5, null),
                                         new MetricSpec("cost", "cost_total", null, null, null));
        Map<String, MetricComparison> metrics = new java.util.LinkedHashMap<>();
        metrics.put("pass", new MetricComparison(0.80, 0.86, 0.06, 0.01, 0.11, "mcnemar", 0.03, 100, "candidate"));
        metrics.put("similar", new MetricComparison(0.70, 0.72, 0.02, 0.001, 0.04, "wilcoxon", 0.04, 100, "candidate"));
        metrics.put("cost", new MetricComparison(0.10, 0.20, 0.10, 0.05, 0.15, "wilcoxon", 0.0001, 100, "baseline"));
        assertThat(Comparisons.outcome(specs, metrics)).as("before: candidate-better on either alone").isEqualTo("no-significant-difference");
        assertThat(metrics.get("pass").pAdjusted()).isCloseTo(0.06, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(metrics.get("similar").pAdjusted()).isCloseTo(0.06, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(metrics.get("pass").better()).isEqualTo("none");
        assertThat(metrics.get("cost").pAdjusted()).as("reported, not deciding: not in the family").isNull();
        assertThat(metrics.get("cost").better()).isEqualTo("baseline");

        metrics.put("pass", new MetricComparison(0.80, 0.95, 0.15, 0.08, 0.2, "mcnemar", 0.001, 100, "candidate"));
        metrics.put("similar", new MetricComparison(0.70, 0.72, 0.02, 0.001, 0.04, "wilcoxon", 0.04, 100, "candidate"));
        assertThat(Comparisons.outcome(specs, metrics)).as("a strong win survives the adjustment").isEqualTo("candidate-better");
        assertThat(metrics.get("pass").pAdjusted()).isCloseTo(0.002, org.assertj.core.api.Assertions.within(1e-12));
    }
}
