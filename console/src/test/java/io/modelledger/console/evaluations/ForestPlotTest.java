package io.modelledger.console.evaluations;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ForestPlotTest {

    private static Map<String, Object> metric(double difference, double low, double high, String better) {
        return Map.of("difference", difference, "ciLow", low, "ciHigh", high, "better", better);
    }

    @Test
    void eachMetricIsDrawnOnItsOwnScaleAroundZeroWithTheDifferenceInsideItsInterval() {
        ForestPlot plot = ForestPlot.of(Map.of("accuracy", metric(0.05, 0.02, 0.08, "candidate"),
                                               "latency_ms", metric(-120.0, -300.0, 40.0, "none")));
        assertThat(plot.rows()).extracting(ForestPlot.Row::metric).containsExactly("accuracy", "latency_ms");
        ForestPlot.Row accuracy = plot.rows().get(0);
        assertThat(accuracy.low()).as("an interval above zero is drawn right of the zero line").isGreaterThan(plot.zeroX());
        assertThat(accuracy.low()).isLessThan(accuracy.dot());
        assertThat(accuracy.dot()).isLessThan(accuracy.high());
        assertThat(accuracy.high()).as("the widest end reaches the edge of the plot").isEqualTo(plot.zeroX() + ForestPlot.PLOT_WIDTH / 2 - 12);
        assertThat(accuracy.crossesZero()).isFalse();
        ForestPlot.Row latency = plot.rows().get(1);
        assertThat(latency.low()).isEqualTo(plot.zeroX() - ForestPlot.PLOT_WIDTH / 2 + 12);
        assertThat(latency.high()).isGreaterThan(plot.zeroX());
        assertThat(latency.crossesZero()).isTrue();
        assertThat(latency.interval()).isEqualTo("[-300.0, +40.00]");
        assertThat(plot.height()).isGreaterThan(latency.y());
    }

    @Test
    void noDifferenceAtAllIsADotOnTheZeroLine() {
        ForestPlot.Row row = ForestPlot.of(Map.of("correct", metric(0, 0, 0, "none"))).rows().get(0);
        assertThat(row.low()).isEqualTo(row.dot()).isEqualTo(row.high());
    }
}
