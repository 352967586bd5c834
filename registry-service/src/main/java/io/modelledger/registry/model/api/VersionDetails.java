package io.modelledger.registry.model.api;

import io.modelledger.contracts.registry.Lineage;
import java.util.Map;

/** Registering a version with everything a version can carry. */
public record VersionDetails(Long sizeBytes, Map<String, Object> inputSchema, Map<String, Object> outputSchema,
                             Map<String, Object> hyperParameters, Map<String, Double> trainingMetrics, Lineage lineage,
                             String notes, String servingEndpoint) {

    public static VersionDetails none() {
        return new VersionDetails(null, null, null, null, null, null, null, null);
    }
}
