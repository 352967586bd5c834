package io.modelledger.monitor.policy.api;

/** A model's alert rules; answered with a list of {@code AlertRuleDefined}. */
public record ListAlertRules(String modelName) {
}
