package io.modelledger.contracts.registry;

/** A version should no longer be used: it can be neither promoted nor deployed. Why is in {@code reason}. */
public record ModelVersionDeprecated(String modelName, int version, String reason) {
}
