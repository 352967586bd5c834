package io.modelledger.registry.promotion.api;

/** The latest canary analysis of a model version in each environment where one ran ({@link CanaryAnalyses}). */
public record FindCanaryAnalyses(String modelName, int version) {
}
