package io.modelledger.monitor.policy.api;

/** A model's monitoring policy; answered with an optional {@code MonitoringPolicyDefined}. */
public record FindMonitoringPolicy(String modelName) {
}
