package io.modelledger.eval.pending.api;

/** Asks what the evaluation service knows of one model version; answered with an optional {@link PendingEvaluationView}. */
public record FindEvaluationStatus(String modelName, int version) {
}
