package io.modelledger.registry.dataset.api;

public record FindDatasetVersion(String datasetName, int version) {
}
