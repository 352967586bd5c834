package io.modelledger.eval.metric;

import io.modelledger.checks.statistics.Fairness;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelledger.contracts.eval.MetricSpec;
import io.modelledger.eval.compare.PairedStatistics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every statistical metric against the values scikit-learn, scipy and numpy computed from the same inputs
 * ({@code src/test/resources/reference/metrics_reference.py} produced {@code metrics_reference.json}).
 */
class MetricsReferenceTest {

    private static final double EXACT = 1e-9;
    private static JsonNode reference;

    @BeforeAll
    static void load() throws IOException {
        try (var in = MetricsReferenceTest.class.getResourceAsStream("/reference/metrics_reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static List<CaseOutcome> outcomes(List<String> truth, List<String> predicted, double[] scores, List<String> groups) {
        List<CaseOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < truth.size(); i++) {
            outcomes.add(new CaseOutcome("c" + i, truth.get(i), predicted.get(i), scores == null ? null : scores[i],
                                         groups == null ? Map.of() : Map.of("group", groups.get(i)), 1, 0, 0, 0.0, null, Map.of()));
        }
        return outcomes;
    }

    private static double metric(String kind, List<CaseOutcome> outcomes, Map<String, Object> params) {
        return MetricEngine.value(new MetricSpec(null, kind, params, null, null), outcomes, outcomes, new HashMap<>());
    }

    @Test
    void classificationMetricsMatchScikitLearn() {
        for (JsonNode c : reference.get("classification")) {
            List<String> truth = strings(c.get("truth"));
            List<String> predicted = strings(c.get("predicted"));
            double[] scores = c.has("scores") ? doubles(c.get("scores")) : null;
            List<CaseOutcome> outcomes = outcomes(truth, predicted, scores, null);
            c.get("expected").fields().forEachRemaining(e ->
                    assertThat(metric(e.getKey(), outcomes, Map.of()))
                            .as(c.get("name").asText() + " " + e.getKey())
                            .isCloseTo(e.getValue().asDouble(), within(EXACT)));
            Classification matrix = Classification.of(truth, predicted);
            assertThat(matrix.labels()).isEqualTo(strings(c.get("labels")));
            for (int i = 0; i < matrix.labels().size(); i++) {
                for (int j = 0; j < matrix.labels().size(); j++) {
                    assertThat(matrix.confusionMatrix()[i][j]).isEqualTo(c.get("confusion_matrix").get(i).get(j).asLong());
                }
            }
        }
    }

    @Test
    void regressionMetricsMatchScikitLearn() {
        JsonNode c = reference.get("regression").get(0);
        double[] truth = doubles(c.get("truth"));
        double[] predicted = doubles(c.get("predicted"));
        List<String> t = java.util.Arrays.stream(truth).mapToObj(Double::toString).toList();
        List<String> p = java.util.Arrays.stream(predicted).mapToObj(Double::toString).toList();
        List<CaseOutcome> outcomes = outcomes(t, p, null, null);
        for (String kind : List.of("mae", "rmse", "r2")) {
            assertThat(metric(kind, outcomes, Map.of())).as(kind).isCloseTo(c.get("expected").get(kind).asDouble(), within(EXACT));
        }
    }

    @Test
    void fairnessMetricsMatchTheirDefinitionsOverScikitLearnConfusionMatrices() {
        JsonNode c = reference.get("fairness").get(0);
        List<CaseOutcome> outcomes = outcomes(strings(c.get("truth")), strings(c.get("predicted")), null, strings(c.get("group")));
        Map<String, Object> params = Map.of("attribute", "group", "positive", "1");
        for (String kind : List.of("demographic_parity_difference", "equalized_odds_difference", "disparate_impact_ratio")) {
            assertThat(metric(kind, outcomes, params)).as(kind).isCloseTo(c.get("expected").get(kind).asDouble(), within(EXACT));
        }
        Map<String, Object> reports = new HashMap<>();
        MetricEngine.value(new MetricSpec(null, "demographic_parity_difference", params, null, null), outcomes, outcomes, reports);
        @SuppressWarnings("unchecked")
        Map<String, Fairness.Group> groups = (Map<String, Fairness.Group>) reports.get("fairness:group");
        c.get("expected").get("selection_rate").fields().forEachRemaining(e ->
                assertThat(groups.get(e.getKey()).selectionRate()).isCloseTo(e.getValue().asDouble(), within(EXACT)));
    }

    @Test
    void latencyPercentilesMatchNumpy() {
        JsonNode c = reference.get("percentiles");
        double[] values = doubles(c.get("values"));
        c.get("expected").fields().forEachRemaining(e ->
                assertThat(Regression.percentile(values, Double.parseDouble(e.getKey())))
                        .as("p" + e.getKey()).isCloseTo(e.getValue().asDouble(), within(EXACT)));
    }

    @Test
    void pairedTestsMatchScipy() {
        JsonNode c = reference.get("paired");
        var wilcoxon = PairedStatistics.wilcoxon(doubles(c.get("baseline")), doubles(c.get("candidate")));
        assertThat(wilcoxon.statistic()).isCloseTo(c.get("expected").get("wilcoxon_statistic").asDouble(), within(EXACT));
        assertThat(wilcoxon.pValue()).isCloseTo(c.get("expected").get("wilcoxon_p").asDouble(), within(EXACT));
        assertThat(PairedStatistics.mcnemar(3, 12)).isCloseTo(c.get("expected").get("mcnemar_exact_p_b3_c12").asDouble(), within(EXACT));
    }

    @Test
    void undefinedMetricsAreNaNAndNeverPass() {
        List<CaseOutcome> oneClass = outcomes(List.of("1", "1"), List.of("1", "0"), new double[]{0.9, 0.2}, null);
        assertThat(metric("roc_auc", oneClass, Map.of())).isNaN();
        var result = MetricEngine.evaluate(List.of(new MetricSpec(null, "roc_auc", Map.of(), 0.5, null)), oneClass);
        assertThat(result.passed()).isFalse();
        List<CaseOutcome> text = outcomes(List.of("a"), List.of("b"), null, null);
        assertThat(metric("mae", text, Map.of())).isNaN();
    }
}
