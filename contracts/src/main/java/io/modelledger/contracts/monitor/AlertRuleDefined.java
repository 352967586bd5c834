package io.modelledger.contracts.monitor;

/**
 * An alert rule, as data: raise an alert of {@code severity} on {@code modelName} (in {@code environment},
 * or every environment when null) when {@code metric} over a tumbling window of {@code windowSeconds}
 * compares ({@code >}, {@code >=}, {@code <}, {@code <=}) to {@code threshold}; after it resolves, wait
 * {@code cooldownSeconds} before raising again. Defining an existing rule id replaces it.
 */
public record AlertRuleDefined(String ruleId, String modelName, String environment, String metric, String comparator,
                               double threshold, long windowSeconds, String severity, long cooldownSeconds) {
}
