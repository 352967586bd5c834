package io.modelledger.contracts.registry;

/** An archived model is active again. */
public record ModelRestored(String modelName) {
}
