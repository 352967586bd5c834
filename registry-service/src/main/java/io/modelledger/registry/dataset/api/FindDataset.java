package io.modelledger.registry.dataset.api;

public record FindDataset(String name) {
}
