package io.modelledger.contracts.registry;

import java.util.Map;

/**
 * An immutable model version was registered. {@code version} is assigned by the registry, 1, 2, 3…
 * per model; {@code sha256} identifies the artifact bytes at {@code artifactUri}.
 */
public record ModelVersionRegistered(String modelName,
                                     int version,
                                     String artifactUri,
                                     String sha256,
                                     String framework,
                                     Map<String, String> tags) {

    public ModelVersionRegistered {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
