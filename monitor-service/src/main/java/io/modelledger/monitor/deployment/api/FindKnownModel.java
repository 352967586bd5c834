package io.modelledger.monitor.deployment.api;

/** Asks whether the monitor knows any registered version of a model; answered with a {@link Boolean}. */
public record FindKnownModel(String modelName) {
}
