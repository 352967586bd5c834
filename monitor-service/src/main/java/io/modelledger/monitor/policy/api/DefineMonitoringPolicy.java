package io.modelledger.monitor.policy.api;

import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record DefineMonitoringPolicy(@TargetAggregateIdentifier MonitoringId id, MonitoringPolicyDefined policy) {
}
