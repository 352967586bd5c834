package io.modelledger.eval.run.api;

/** A run that {@link StartRun} started, and the suite version it evaluates. */
public record StartedRun(String runId, String status, String suiteName, int suiteVersion, String suiteSha256, int caseCount) {
}
