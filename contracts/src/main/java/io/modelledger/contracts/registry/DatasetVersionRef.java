package io.modelledger.contracts.registry;

/** Names one version of a dataset, e.g. in a model version's lineage. */
public record DatasetVersionRef(String dataset, int version) {
}
