package io.modelledger.contracts.monitor;

/** An alert closed: {@code reason} is {@code condition-cleared} (automatic) or {@code manual}. */
public record AlertResolved(String alertId, String modelName, String reason, Double value) {

    public AlertResolved(String alertId, String modelName) {
        this(alertId, modelName, null, null);
    }
}
