package io.modelledger.contracts.registry;

import java.util.Map;

/** A model (a named family of versions) was added to the registry. Names are unique and never reused. */
public record ModelRegistered(String modelName, String description, Map<String, String> tags) {

    public ModelRegistered {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
