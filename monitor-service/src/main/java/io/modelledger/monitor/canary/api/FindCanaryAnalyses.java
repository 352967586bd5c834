package io.modelledger.monitor.canary.api;

/** The canary analyses of a deployment, newest first ({@link CanaryReport}). */
public record FindCanaryAnalyses(String modelName, String environment, int limit) {
}
