package io.modelledger.registry.model.api;

public record FindAliasHistory(String modelName, String alias) {
}
