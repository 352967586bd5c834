package io.modelledger.contracts.monitor;

/**
 * The feedback loop asks for a model version to be evaluated again (its suites run again against its
 * endpoint), because of {@code cause} (e.g. {@code drift}, {@code negative-feedback}) seen in alert {@code alertId}.
 */
public record ReEvaluationRequested(String requestId, String subjectKind, String subjectName, int subjectVersion,
                                    String cause, String alertId) {
}
