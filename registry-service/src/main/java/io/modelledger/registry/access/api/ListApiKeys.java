package io.modelledger.registry.access.api;

public record ListApiKeys() {
}
