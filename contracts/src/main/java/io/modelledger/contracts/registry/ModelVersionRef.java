package io.modelledger.contracts.registry;

/** Names one version of a model, e.g. the base model of a fine-tune. */
public record ModelVersionRef(String model, int version) {
}
