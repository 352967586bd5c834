package io.modelledger.contracts.eval;

/** A run stopped on request before it finished; it has no verdict. */
public record EvaluationRunCancelled(String runId) {
}
