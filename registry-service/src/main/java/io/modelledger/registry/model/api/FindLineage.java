package io.modelledger.registry.model.api;

public record FindLineage(String modelName, int version) {
}
