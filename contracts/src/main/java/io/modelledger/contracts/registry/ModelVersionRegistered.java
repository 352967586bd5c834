package io.modelledger.contracts.registry;

import java.util.Map;

/**
 * An immutable model version was registered. {@code version} is assigned by the registry, 1, 2, 3…
 * per model; {@code sha256} identifies the artifact bytes at {@code artifactUri}. Schemas are JSON Schema
 * documents; {@code lineage} says what the version was built from. {@code servingEndpoint} (optional) is the
 * URL the version is served at: only an evaluation run against that endpoint counts as promotion evidence.
 */
public record ModelVersionRegistered(String modelName,
                                     int version,
                                     String artifactUri,
                                     String sha256,
                                     String framework,
                                     Map<String, String> tags,
                                     Long sizeBytes,
                                     Map<String, Object> inputSchema,
                                     Map<String, Object> outputSchema,
                                     Map<String, Object> hyperParameters,
                                     Map<String, Double> trainingMetrics,
                                     Lineage lineage,
                                     String notes,
                                     String servingEndpoint) {

    public ModelVersionRegistered {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        lineage = lineage == null ? Lineage.none() : lineage;
    }

    /** A version without a registered serving endpoint. */
    public ModelVersionRegistered(String modelName, int version, String artifactUri, String sha256, String framework,
                                  Map<String, String> tags, Long sizeBytes, Map<String, Object> inputSchema,
                                  Map<String, Object> outputSchema, Map<String, Object> hyperParameters,
                                  Map<String, Double> trainingMetrics, Lineage lineage, String notes) {
        this(modelName, version, artifactUri, sha256, framework, tags, sizeBytes, inputSchema, outputSchema, hyperParameters,
             trainingMetrics, lineage, notes, null);
    }

    /** A version with no schemas, parameters, metrics or lineage recorded. */
    public ModelVersionRegistered(String modelName, int version, String artifactUri, String sha256, String framework,
                                  Map<String, String> tags) {
        this(modelName, version, artifactUri, sha256, framework, tags, null, null, null, null, null, null, null, null);
    }
}
