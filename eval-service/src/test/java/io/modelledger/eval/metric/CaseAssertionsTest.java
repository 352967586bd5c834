package io.modelledger.eval.metric;

import io.modelledger.checks.Checks;
import io.modelledger.checks.TextEmbeddings;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A case judged by its own assertions, as promptfoo judges a test: all must pass, or the weighted share reaches the threshold. */
class CaseAssertionsTest {

    private static final TextEmbeddings UNUSED = texts -> {
        throw new AssertionError("no assertion here needs embeddings");
    };
    private final Checks checks = new Checks(UNUSED);

    private static CaseAssertion assertion(String check, String value, Map<String, Object> params, Double threshold, Double weight) {
        return new CaseAssertion(check, value, params, threshold, weight);
    }

    private CaseAssertions.Judged judge(List<CaseAssertion> assertions, Double threshold, String output, long latencyMs, Double cost) {
        return CaseAssertions.judge(assertions, threshold, checks, new CaseAssertions.Answer(output, null, latencyMs, cost));
    }

    @Test
    void everyWeightedAssertionMustPassWithoutACaseThreshold() {
        List<CaseAssertion> assertions = List.of(assertion("contains", "Paris", null, null, null),
                                                 assertion("contains", "sorry", Map.of("negate", true), null, null),
                                                 assertion("latency", null, null, 500.0, null));
        assertThat(judge(assertions, null, "Paris.", 120, null).passed()).isTrue();
        CaseAssertions.Judged slow = judge(assertions, null, "Paris.", 900, null);
        assertThat(slow.passed()).isFalse();
        assertThat(slow.failures()).singleElement().satisfies(f -> {
            assertThat(f).containsEntry("assertion", 2).containsEntry("check", "latency");
            assertThat(f.get("reason")).isEqualTo("took 900 ms (at most 500)");
        });
        assertThat(judge(assertions, null, "sorry, Paris.", 120, null).failures())
                .singleElement().satisfies(f -> assertThat(f).containsEntry("negate", true));
    }

    @Test
    void weightsCountTowardsACaseThresholdAndWeightZeroIsOnlyReported() {
        List<CaseAssertion> assertions = List.of(assertion("starts_with", "Yes", null, null, 3.0),
                                                 assertion("contains", "because", null, null, 1.0),
                                                 assertion("regex", null, Map.of("pattern", "\\d"), null, 0.0));
        assertThat(judge(assertions, 0.75, "Yes.", 1, null).passed()).as("3 of 4").isTrue();
        assertThat(judge(assertions, 0.8, "Yes.", 1, null).passed()).isFalse();
        CaseAssertions.Judged reportedOnly = judge(assertions, null, "Yes, because.", 1, null);
        assertThat(reportedOnly.passed()).as("the weight-0 regex fails, and does not count").isTrue();
        assertThat(reportedOnly.failures()).singleElement().satisfies(f -> assertThat(f).containsEntry("weight", 0.0));
        List<CaseAssertion> weightless = List.of(assertion("contains", "x", null, null, 0.0));
        assertThat(judge(weightless, 0.5, "x", 1, null).passed()).as("promptfoo: all weights 0 score 0 against a threshold").isFalse();
        assertThat(judge(weightless, null, "y", 1, null).passed()).as("and without one, nothing counts").isTrue();
    }

    @Test
    void aCaseWithoutAnAnswerDidNotPassItsAssertions() {
        io.modelledger.contracts.eval.MetricSpec spec = new io.modelledger.contracts.eval.MetricSpec(null, "assertions", Map.of(), 1.0, null);
        List<CaseOutcome> outcomes = List.of(
                new CaseOutcome("a", null, "ok", null, Map.of(), 1, 0, 0, null, null, Map.of("assertions", 1.0)),
                new CaseOutcome("b", null, null, null, Map.of(), 1, 0, 0, null, "timed out", Map.of()));
        MetricEngine.Result result = MetricEngine.evaluate(List.of(spec), outcomes);
        assertThat(result.values().get("assertions")).as("promptfoo counts an error as a failed test").isEqualTo(0.5);
        assertThat(result.passed()).isFalse();
    }

    @Test
    void costNeedsAPriceAndScoredChecksNeedAThreshold() {
        CaseAssertion cost = assertion("cost", null, null, 0.002, null);
        assertThat(judge(List.of(cost), null, "x", 1, 0.001).passed()).isTrue();
        assertThat(judge(List.of(cost), null, "x", 1, null).failures().getFirst().get("reason").toString()).contains("no price");
        assertThat(judge(List.of(assertion("levenshtein", "kitten", Map.of("maxDistance", 3), null, null)), null, "sitting", 1, null)
                           .passed()).isTrue();
        assertThat(judge(List.of(assertion("levenshtein", "kitten", null, 0.9, null)), null, "sitting", 1, null).passed()).isFalse();

        CaseAssertion notClose = assertion("levenshtein", "kitten", Map.of("negate", true), 0.9, null);
        assertThat(CaseAssertions.problems(notClose)).as("a scored assertion with a threshold can be negated (not-similar)").isEmpty();
        assertThat(judge(List.of(notClose), null, "sitting", 1, null).passed()).as("0.57 is below 0.9").isTrue();
        assertThat(judge(List.of(notClose), null, "kitten", 1, null).failures().getFirst().get("reason"))
                .isEqualTo("passed, and the assertion is negated");
        assertThat(CaseAssertions.problems(assertion("contains", "x", Map.of("negate", "yes"), null, null))).containsKey("params.negate");
        assertThat(CaseAssertions.problems(assertion("semantic_similarity", "x", null, null, null))).containsKey("threshold");
        assertThat(CaseAssertions.problems(assertion("starts_with", null, null, null, null))).as("no prefix would pass anything")
                .containsEntry("value", "required: the text starts_with compares the output with");
        assertThat(CaseAssertions.problems(assertion("contains", null, Map.of("values", List.of("a")), null, null))).isEmpty();
        assertThat(CaseAssertions.problems(assertion("latency", null, Map.of("negate", true), 100.0, null))).as("not-latency").isEmpty();
        assertThat(CaseAssertions.problems(assertion("latency", null, Map.of("mode", "all"), 100.0, null))).containsKey("params");
        assertThat(CaseAssertions.problems(assertion("latency", null, null, null, null))).containsKey("threshold");
        assertThat(CaseAssertions.problems(assertion("javascript", null, null, null, null))).containsKey("check");
        assertThat(CaseAssertions.problems(assertion("contains", "x", null, null, -1.0))).containsKey("weight");
        assertThat(CaseAssertions.problems(assertion("regex", null, Map.of("pattern", "(a"), null, null))).containsKey("params.pattern");
    }
}
