package io.modelledger.eval.metric;

import io.modelledger.checks.Checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a case by its own assertions, as promptfoo judges a test: each assertion passes or fails; the case's
 * score is the weighted share of passing assertions (weight 0: reported, not counted); without a case threshold
 * the case passes when every weighted assertion passes, with one when the score reaches it.
 */
public final class CaseAssertions {

    /** The most assertions one case may carry. */
    public static final int MAX_PER_CASE = 64;

    /** Checks that compare the output with a text: without one they would pass (or fail) whatever the output. */
    private static final java.util.Set<String> NEEDS_VALUE = java.util.Set.of("equals", "contains", "starts_with", "levenshtein",
                                                                             "semantic_similarity");

    static final String LATENCY = "latency";
    static final String COST = "cost";

    /** What the case's run produced that an assertion may look at. */
    public record Answer(String output, String context, long latencyMs, Double cost) {
    }

    /** The case's verdict (score 1 or 0, as every per-case check reports it) and, when it failed, why. */
    public record Judged(boolean passed, double score, List<Map<String, Object>> failures) {
    }

    private CaseAssertions() {
    }

    /** What is wrong with one assertion, by field (relative to the assertion); empty when it can run. */
    public static Map<String, String> problems(CaseAssertion assertion) {
        Map<String, String> problems = new LinkedHashMap<>();
        String check = assertion.check();
        if (check == null || !(Checks.NAMES.contains(check) || LATENCY.equals(check) || COST.equals(check))) {
            problems.put("check", "unknown check; known: " + new java.util.TreeSet<>(known()));
            return problems;
        }
        if (assertion.weight() != null && !(Double.isFinite(assertion.weight()) && assertion.weight() >= 0)) {
            problems.put("weight", "must be a finite number, 0 or more");
        }
        Double threshold = assertion.threshold();
        if (threshold != null && !Double.isFinite(threshold)) {
            problems.put("threshold", "must be a finite number");
        }
        if ((LATENCY.equals(check) || COST.equals(check))) {
            if (threshold == null || threshold < 0) {
                problems.put("threshold", "required: the most " + (LATENCY.equals(check) ? "milliseconds" : "cost") + " that passes");
            }
            if (!assertion.params().keySet().stream().allMatch("negate"::equals)) {
                problems.put("params", check + " takes no parameters but negate");
            }
            return problems;
        }
        boolean listed = "contains".equals(check) && assertion.params().get("values") instanceof List<?>;
        if (NEEDS_VALUE.contains(check) && assertion.value() == null && !listed) {
            problems.put("value", "required: the text " + check + " compares the output with"
                    + ("contains".equals(check) ? " (or params.values)" : ""));
        }
        Object negate = assertion.params().get("negate");
        if (negate != null && !(negate instanceof Boolean)) {
            problems.put("params.negate", "must be true or false");
        }
        Map<String, Object> params = withoutNegate(assertion.params());
        if (!Checks.passFail(check, params) && threshold == null && !lowerIsBetter(check)) {
            problems.put("threshold", check + " scores a degree: give the least score that passes"
                    + ("levenshtein".equals(check) ? " (or params.maxDistance)" : ""));
        }
        // an assertion's negation applies to its pass or fail, so a scored check can be negated too (promptfoo's not-similar)
        Checks.problems(check, params).forEach((param, problem) -> problems.put("params." + param, problem));
        return problems;
    }

    private static Map<String, Object> withoutNegate(Map<String, Object> params) {
        if (!params.containsKey("negate")) {
            return params;
        }
        Map<String, Object> rest = new LinkedHashMap<>(params);
        rest.remove("negate");
        return rest;
    }

    static List<String> known() {
        List<String> names = new ArrayList<>(Checks.NAMES);
        names.add(LATENCY);
        names.add(COST);
        return names;
    }

    private static boolean lowerIsBetter(String check) {
        return MetricKind.of(check).map(MetricKind::lowerIsBetter).orElse(false);
    }

    public static Judged judge(List<CaseAssertion> assertions, Double caseThreshold, Checks checks, Answer answer) {
        double weighted = 0;
        double weights = 0;
        boolean allPassed = true;
        List<Map<String, Object>> failures = new ArrayList<>();
        for (int i = 0; i < assertions.size(); i++) {
            CaseAssertion assertion = assertions.get(i);
            String reason = failure(assertion, checks, answer);
            double weight = assertion.weightOrDefault();
            weights += weight;
            if (reason == null) {
                weighted += weight;
            } else {
                allPassed &= weight == 0;
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("assertion", i);
                failure.put("check", assertion.check());
                if (Boolean.TRUE.equals(assertion.params().get("negate"))) {
                    failure.put("negate", true);
                }
                if (weight != 1) {
                    failure.put("weight", weight);
                }
                failure.put("reason", reason);
                failures.add(failure);
            }
        }
        // promptfoo: no assertions is a pass (score 1); assertions that all weigh 0 score 0 against a case threshold
        double score = weights == 0 ? (assertions.isEmpty() ? 1 : 0) : weighted / weights;
        boolean passed = caseThreshold == null ? allPassed : score >= caseThreshold;
        return new Judged(passed, passed ? 1 : 0, failures);
    }

    /** Null when the assertion passes, else why it does not. */
    private static String failure(CaseAssertion assertion, Checks checks, Answer answer) {
        String reason = failureAsGiven(assertion, checks, answer);
        if (!Boolean.TRUE.equals(assertion.params().get("negate"))) {
            return reason;
        }
        return reason == null ? "passed, and the assertion is negated" : null;
    }

    private static String failureAsGiven(CaseAssertion assertion, Checks checks, Answer answer) {
        String check = assertion.check();
        Double threshold = assertion.threshold();
        if (LATENCY.equals(check)) {
            return answer.latencyMs() <= threshold ? null : "took " + answer.latencyMs() + " ms (at most " + format(threshold) + ")";
        }
        if (COST.equals(check)) {
            if (answer.cost() == null) {
                return "the call has no price (its model is not in the price table)";
            }
            return answer.cost() <= threshold ? null : "cost " + answer.cost() + " (at most " + format(threshold) + ")";
        }
        Checks.Scored scored = checks.score(check, withoutNegate(assertion.params()), answer.output(), assertion.value(), answer.context());
        boolean passed;
        String bound;
        if (lowerIsBetter(check)) {
            double most = threshold == null ? 0 : threshold;
            passed = scored.score() <= most;
            bound = "at most " + format(most);
        } else if (threshold != null) {
            passed = scored.score() >= threshold;
            bound = "at least " + format(threshold);
        } else {
            passed = scored.score() >= 1;
            bound = null;
        }
        if (passed) {
            return null;
        }
        String why = bound == null ? "failed" : "scored " + format(scored.score()) + " (" + bound + ")";
        return scored.detail() == null ? why : why + ": " + scored.detail();
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.4g", value);
    }
}
