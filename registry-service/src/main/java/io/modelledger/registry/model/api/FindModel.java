package io.modelledger.registry.model.api;

public record FindModel(String name) {
}
