package io.modelledger.eval.run.api;

/** A caller-supplied output for one case: the predicted label, value or text, and an optional positive-class score. */
public record Prediction(String caseId, String output, Double score) {
}
