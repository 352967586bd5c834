package io.modelledger.monitor.alert.api;

/** Alerts newest first, optionally of one model and in one status; answered with a list of {@link AlertView}. */
public record ListAlerts(String modelName, String status, int limit) {
}
