package io.modelledger.eval.metric;

import io.modelledger.contracts.eval.MetricSpec;
import io.modelledger.eval.run.targets.EvalProperties;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** A model missing from the price table is unpriced, never free: a run's cost is then unknown and no cost gate passes. */
class UnpricedCostTest {

    private static CaseOutcome answered(String id, Double cost) {
        return new CaseOutcome(id, "yes", "yes", null, Map.of(), 100, 40, 10, cost, null, Map.of());
    }

    @Test
    void theTableGivesNoPriceToAModelItDoesNotListAndNothingToACallWithoutTokens() {
        EvalProperties properties = new EvalProperties(null, null, Map.of("gpt-4o-mini", new EvalProperties.Price(0.15, 0.60)), null, null, null,
                                                       null, null, null, null, null, null, null, null);
        assertThat(properties.cost("gpt-4o-mini", 1_000_000, 0)).isCloseTo(0.15, within(1e-12));
        assertThat(properties.cost("in-house-llm", 10, 5)).isNull();
        assertThat(properties.cost("in-house-llm", 0, 0)).isZero();
    }

    @Test
    void oneUnpricedCaseMakesTheRunsCostUnknownAndFailsACostGate() {
        List<MetricSpec> specs = List.of(new MetricSpec("cost", "cost_total", null, 1.0, null), new MetricSpec("per-case", "cost_per_case", null, null, null));
        MetricEngine.Result priced = MetricEngine.evaluate(specs, List.of(answered("a", 0.2), answered("b", 0.3)));
        assertThat(priced.values().get("cost")).isCloseTo(0.5, within(1e-12));
        assertThat(priced.passed()).isTrue();

        MetricEngine.Result unpriced = MetricEngine.evaluate(specs, List.of(answered("a", 0.2), answered("b", null)));
        assertThat(unpriced.verdicts().get("cost").value()).as("unknown, not 0.2").isNull();
        assertThat(unpriced.passed()).as("a cost budget cannot pass on a cost nobody knows").isFalse();
        assertThat(unpriced.values().get("per-case")).isNaN();
    }
}
