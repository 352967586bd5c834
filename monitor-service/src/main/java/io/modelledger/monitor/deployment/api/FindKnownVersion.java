package io.modelledger.monitor.deployment.api;

/** Asks whether the monitor knows a model version; answered with an optional {@link KnownVersionView}. */
public record FindKnownVersion(String modelName, int version) {
}
