package io.modelledger.registry.access.api;

public record FindApiKeyCredential(String keyId) {
}
