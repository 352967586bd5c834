package io.modelledger.eval.metric;

import java.util.Map;

/**
 * What one case of a run produced: the output (or the error that prevented one), an optional positive-class
 * score, what it cost (null: unpriced, its model has no price), and the per-case check scores keyed by metric name.
 */
public record CaseOutcome(String caseId, String expected, String output, Double score, Map<String, String> attributes,
                          long latencyMs, int promptTokens, int completionTokens, Double cost, String error,
                          Map<String, Double> checks) {

    public CaseOutcome {
        attributes = attributes == null ? Map.of() : attributes;
        checks = checks == null ? Map.of() : checks;
    }

    public boolean failed() {
        return error != null;
    }
}
