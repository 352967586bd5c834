package io.modelledger.registry.model.api;

import io.modelledger.contracts.registry.Lineage;

import java.time.Instant;
import java.util.Map;

/** An immutable model version as the catalog shows it. */
public record ModelVersionView(String modelName, int version, String artifactUri, String sha256, String framework,
                               Map<String, String> tags, Instant registeredAt, String registeredBy, Long sizeBytes,
                               Map<String, Object> inputSchema, Map<String, Object> outputSchema,
                               Map<String, Object> hyperParameters, Map<String, Double> trainingMetrics, Lineage lineage,
                               String notes, boolean deprecated, String deprecationReason) {
}
