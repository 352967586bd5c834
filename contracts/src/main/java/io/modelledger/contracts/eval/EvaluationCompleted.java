package io.modelledger.contracts.eval;

import java.util.Map;

/**
 * A run's verdict for the exact version of a model or prompt on the exact suite version ({@code suiteSha256}).
 * The registry's promotion policies read it. {@code subjectKind} is {@code model} or {@code prompt};
 * {@code metrics} holds every metric's value and {@code verdicts} each one against its threshold;
 * {@code passed} is true when every metric with a threshold met it.
 */
public record EvaluationCompleted(String runId, String suiteName, String suiteSha256, String subjectKind,
                                  String subjectName, int subjectVersion, boolean passed, Map<String, Double> metrics,
                                  Integer suiteVersion, Map<String, MetricVerdict> verdicts, Integer caseCount,
                                  Integer failedCases) {

    public EvaluationCompleted {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        verdicts = verdicts == null ? Map.of() : Map.copyOf(verdicts);
    }

    /** A verdict with metric values only (no per-metric thresholds recorded). */
    public EvaluationCompleted(String runId, String suiteName, String suiteSha256, String subjectKind, String subjectName,
                               int subjectVersion, boolean passed, Map<String, Double> metrics) {
        this(runId, suiteName, suiteSha256, subjectKind, subjectName, subjectVersion, passed, metrics, null, null, null, null);
    }
}
