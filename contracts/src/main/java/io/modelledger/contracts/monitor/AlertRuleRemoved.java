package io.modelledger.contracts.monitor;

/** An alert rule no longer applies; alerts it opened stay until they resolve. */
public record AlertRuleRemoved(String ruleId, String modelName) {
}
