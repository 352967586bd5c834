package io.modelledger.contracts.monitor;

/** An alert opened on a model; {@code severity} is {@code info}, {@code warning} or {@code critical}. */
public record AlertRaised(String alertId, String modelName, String severity, String summary) {

    public static final String CRITICAL = "critical";
}
