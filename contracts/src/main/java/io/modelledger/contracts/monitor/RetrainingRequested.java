package io.modelledger.contracts.monitor;

/** The feedback loop asks an external training pipeline to retrain a model (also sent by webhook). */
public record RetrainingRequested(String requestId, String modelName, int modelVersion, String cause, String alertId) {
}
