package io.modelledger.registry.dataset.api;

public record FindDatasetConsumers(String datasetName, int version) {
}
