package io.modelledger.registry.model.api;

public record FindModelVersion(String modelName, int version) {
}
