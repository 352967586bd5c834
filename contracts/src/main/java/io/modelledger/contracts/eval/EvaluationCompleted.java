package io.modelledger.contracts.eval;

import java.util.Map;

/**
 * A run's verdict for the exact version of a model or prompt on the exact suite version ({@code suiteSha256}).
 * The registry's promotion policies read it. {@code subjectKind} is {@code model} or {@code prompt};
 * {@code metrics} holds every metric's value and {@code verdicts} each one against its threshold;
 * {@code passed} is true when every metric with a threshold met it, false when one did not, and null when the
 * suite gates on no metric (such a run is no verdict and satisfies no promotion policy). What promotion
 * policies weigh as evidence: {@code startedBy} (the actor who started the run; {@code system:…} for
 * re-evaluations), {@code trigger} ({@code api} or {@code re-evaluation}), {@code targetKind}
 * ({@code predictions}, {@code openai}, {@code http}), {@code targetEndpoint} (the URL called, none for
 * predictions), {@code targetName} (the admin-configured named target the run used, if any) and
 * {@code onBehalfOf} (for a re-evaluation, who started the run it replays).
 */
public record EvaluationCompleted(String runId, String suiteName, String suiteSha256, String subjectKind,
                                  String subjectName, int subjectVersion, Boolean passed, Map<String, Double> metrics,
                                  Integer suiteVersion, Map<String, MetricVerdict> verdicts, Integer caseCount,
                                  Integer failedCases, String startedBy, String trigger, String targetKind,
                                  String targetEndpoint, String targetName, String onBehalfOf) {

    public EvaluationCompleted {
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        verdicts = verdicts == null ? Map.of() : Map.copyOf(verdicts);
    }

    /** A verdict of a run that replays no one else's. */
    public EvaluationCompleted(String runId, String suiteName, String suiteSha256, String subjectKind, String subjectName,
                               int subjectVersion, Boolean passed, Map<String, Double> metrics, Integer suiteVersion,
                               Map<String, MetricVerdict> verdicts, Integer caseCount, Integer failedCases, String startedBy,
                               String trigger, String targetKind, String targetEndpoint, String targetName) {
        this(runId, suiteName, suiteSha256, subjectKind, subjectName, subjectVersion, passed, metrics, suiteVersion, verdicts,
             caseCount, failedCases, startedBy, trigger, targetKind, targetEndpoint, targetName, null);
    }

    /** A verdict recorded before runs named who started them and against what. */
    public EvaluationCompleted(String runId, String suiteName, String suiteSha256, String subjectKind, String subjectName,
                               int subjectVersion, Boolean passed, Map<String, Double> metrics, Integer suiteVersion,
                               Map<String, MetricVerdict> verdicts, Integer caseCount, Integer failedCases) {
        this(runId, suiteName, suiteSha256, subjectKind, subjectName, subjectVersion, passed, metrics, suiteVersion, verdicts,
             caseCount, failedCases, null, null, null, null, null, null);
    }

    /** A verdict with metric values only (no per-metric thresholds recorded). */
    public EvaluationCompleted(String runId, String suiteName, String suiteSha256, String subjectKind, String subjectName,
                               int subjectVersion, boolean passed, Map<String, Double> metrics) {
        this(runId, suiteName, suiteSha256, subjectKind, subjectName, subjectVersion, passed, metrics, null, null, null, null,
             null, null, null, null, null, null);
    }
}
