package io.modelledger.contracts.registry;

/**
 * What a promotion policy asks of a candidate's canary: its latest canary analysis in {@code environment}
 * ({@link io.modelledger.contracts.monitor.CanaryAnalysisCompleted}) is neither {@code candidate-worse} nor
 * {@code insufficient-data}, and counted at least {@code minRecords} candidate records from keys bound to the deployment.
 */
public record CanaryRequirement(String environment, long minRecords) {
}
