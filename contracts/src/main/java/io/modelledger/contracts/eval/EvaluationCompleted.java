package io.modelledger.contracts.eval;

import java.util.Map;

/**
 * A run's verdict for the exact version of a model or prompt on the exact suite version ({@code suiteSha256}).
 * The registry's promotion policies read it. {@code subjectKind} is {@code model} or {@code prompt}.
 */
public record EvaluationCompleted(String runId, String suiteName, String suiteSha256, String subjectKind,
                                  String subjectName, int subjectVersion, boolean passed, Map<String, Double> metrics) {

    public EvaluationCompleted {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
