package io.modelledger.monitor.telemetry.api;

/** A record refused, by its position in the batch. */
public record Rejection(int index, String field, String reason) {
}
