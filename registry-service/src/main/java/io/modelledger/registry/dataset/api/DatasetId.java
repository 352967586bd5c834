package io.modelledger.registry.dataset.api;

/** Identifies a Dataset aggregate; the string form is unique across all aggregates of the store. */
public record DatasetId(String name) {

    @Override
    public String toString() {
        return "dataset:" + name;
    }
}
