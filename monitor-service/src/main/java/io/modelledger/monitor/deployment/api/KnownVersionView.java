package io.modelledger.monitor.deployment.api;

import java.time.Instant;

/** A model version the monitor knows of, so telemetry naming it can be attributed. */
public record KnownVersionView(String modelName, int version, String sha256, String framework,
                               Instant registeredAt) {
}
