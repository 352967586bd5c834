package io.modelledger.contracts.monitor;

/** An alert closed (its condition cleared, or someone resolved it). */
public record AlertResolved(String alertId, String modelName) {
}
