package io.modelledger.contracts.registry;

import java.util.Map;

/**
 * A model (a named family of versions) was added to the registry. Names are unique and never reused.
 * {@code taskType}: classification, regression, generation, embedding, ranking or other; {@code riskTier}:
 * minimal, limited or high (the EU AI Act's vocabulary).
 */
public record ModelRegistered(String modelName, String description, Map<String, String> tags, String ownerTeam,
                              String taskType, String riskTier) {

    public ModelRegistered {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public ModelRegistered(String modelName, String description, Map<String, String> tags) {
        this(modelName, description, tags, null, null, null);
    }
}
