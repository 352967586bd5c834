package io.modelledger.contracts.monitor;

import java.time.Instant;

/**
 * An alert opened on a model; {@code severity} is {@code info}, {@code warning} or {@code critical}. Raised
 * by an alert rule ({@code ruleId}) when {@code metric} was {@code value} against {@code threshold} over the
 * window [{@code windowStart}, {@code windowEnd}) of the deployment in {@code environment}.
 */
public record AlertRaised(String alertId, String modelName, String severity, String summary, String ruleId,
                          String environment, Integer modelVersion, String metric, Double value, Double threshold,
                          Instant windowStart, Instant windowEnd) {

    public static final String CRITICAL = "critical";

    public AlertRaised(String alertId, String modelName, String severity, String summary) {
        this(alertId, modelName, severity, summary, null, null, null, null, null, null, null, null);
    }
}
