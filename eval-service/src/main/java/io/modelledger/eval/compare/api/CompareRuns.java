package io.modelledger.eval.compare.api;

/** Compares two completed runs on the same suite version and records the result; answered with the {@code ComparisonCompleted}. */
public record CompareRuns(String baselineRunId, String candidateRunId) {
}
