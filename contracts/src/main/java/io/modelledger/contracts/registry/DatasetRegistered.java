package io.modelledger.contracts.registry;

import java.util.Map;

/** A dataset (a named family of versions) was added to the registry. */
public record DatasetRegistered(String datasetName, String description, String owner, Map<String, String> tags) {

    public DatasetRegistered {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
