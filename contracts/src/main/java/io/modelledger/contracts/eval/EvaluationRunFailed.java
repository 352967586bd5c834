package io.modelledger.contracts.eval;

/** A run that could not produce a verdict, and why (e.g. every call to the endpoint failed). */
public record EvaluationRunFailed(String runId, String reason) {
}
